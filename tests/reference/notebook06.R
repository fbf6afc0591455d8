# Reference values for tests/notebooks/execute.test.ts: the key numbers of notebooks/06-annual-impact-figures.ipynb
# that are plain counts and ratios of the national registration sample, counted here in base R straight from the
# committed CSV files (sample-data/registration/national/*.csv), independently of the TypeScript loader and of
# computeFigures. Year 2025, reference date (peildatum) 2026-01-15, 3 volunteer hours per family per week.
# Counting rules as documented in src/impact/figures.ts (YearFigures), restated below; durations in months
# = days / 30.4375, quartiles with R's default quantile(type = 7).
# Run from the repo root: Rscript tests/reference/notebook06.R  ->  tests/reference/notebook06.json
suppressPackageStartupMessages(library(jsonlite))

dir <- "sample-data/registration/national"
rd <- function(f) read.csv(file.path(dir, f), comment.char = "#", colClasses = "character", na.strings = "")
fam <- rd("families.csv"); vol <- rd("volunteers.csv"); tra <- rd("trajectories.csv"); sit <- rd("sites.csv")
d <- function(x) as.numeric(as.Date(x))       # NA for empty

Y <- 2025
from <- d(sprintf("%d-01-01", Y)); to <- d(sprintf("%d-12-31", Y)); ref <- d("2026-01-15")
stopifnot(to < ref)                            # the year is over on the peildatum: snapshot = 31 December
hours_per_week <- 3

# Families registered in the year (and the intake outcome / referrer of those families)
reg <- fam[d(fam$registration_date) >= from & d(fam$registration_date) <= to, ]
professional <- c("municipality", "youth-health-care", "social-work", "school", "childcare", "other-care")

# Trajectories: an end date after the peildatum is not known yet (treated as still running)
match <- d(tra$match_date)
end <- d(tra$end_date); end[!is.na(end) & end > ref] <- NA
running <- match <= to & (is.na(end) | end >= from)            # running at some time in the year
supported_ids <- unique(tra$family_id[running])
active_ids <- unique(tra$family_id[running & (is.na(end) | end >= to)])
closed <- !is.na(end) & end >= from & end <= to
months <- (end[closed] - match[closed]) / 30.4375
q <- quantile(months, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
referred <- closed & (tra$end_reason %in% "referred-professional" | tra$follow_up_referred %in% "1")
a <- pmax(match, from); b <- ifelse(is.na(end), to, pmin(end, to))
visit_days <- sum(pmax(0, (b - a + 1)[running]))

# Supported families found in the families file: children, help questions, profile
sup <- fam[fam$family_id %in% supported_ids, ]
help_parenting <- sum(sapply(strsplit(ifelse(is.na(sup$help_questions), "", sup$help_questions), ";"), function(q) "parenting-support" %in% q))
fin <- sup$financial_vulnerability[!is.na(sup$financial_vulnerability)]

# Volunteers: a stop date after the peildatum is not known yet
act <- d(vol$active_from)
stop <- d(vol$stop_date); stop[!is.na(stop) & stop > ref] <- NA
vol_active_end <- sum(!is.na(act) & act <= to & (is.na(stop) | stop >= to))
vol_active_year <- sum(!is.na(act) & act <= to & (is.na(stop) | stop >= from))
vol_stopped <- sum(!is.na(stop) & stop >= from & stop <= to)

# Cost: budgets of the sites that had started by 31 December and report one, / families supported there
bsites <- sit[d(sit$start_date) <= to & !is.na(sit$budget), ]
cost <- sum(as.numeric(bsites$budget)) / sum(sup$site_id %in% bsites$site_id)

nb <- list()
nb[["06-annual-impact-figures.ipynb"]] <- list(
  families_rows_read = nrow(fam),
  families_registered = nrow(reg),
  families_not_supported = sum(reg$intake_outcome == "not-supported"),
  families_supported = length(supported_ids),
  families_active_31dec = length(active_ids),
  trajectories_closed = sum(closed),
  children_reached = sum(as.numeric(sup$children_count)),
  duration_q1 = q[1], duration_median = q[2], duration_q3 = q[3],
  referred_professional_pct = 100 * sum(referred) / sum(closed),
  goals_reached_yes = sum(closed & tra$goals_reached %in% "yes"),
  referred_by_professional_pct = 100 * sum(reg$referrer %in% professional) / nrow(reg),
  help_parenting_support = help_parenting,
  profile_financial_pct = 100 * mean(fin == "1"),
  volunteers_active_31dec = vol_active_end,
  volunteers_active_year = vol_active_year,
  volunteers_stopped = vol_stopped,
  families_per_volunteer = length(supported_ids) / vol_active_year,
  volunteer_hours = visit_days / 7 * hours_per_week,
  cost_per_supported_family = cost
)

writeLines(toJSON(list(generated_by = "tests/reference/notebook06.R", R = R.version.string, notebooks = nb),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/reference/notebook06.json")
