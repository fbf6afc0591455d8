# Independent R computation on the Dutch SPSS export fixture (tests/fixtures/data/spss/dutch-export.sav),
# checked by tests/data/spss-export.test.ts: the toolkit must load the same file without a mapping,
# count the declared codes as missing, and give the same NOSIK scores and paired change.
# Rules applied here, written out independently of the TypeScript code:
# - user-missing values (-9, 99) are missing (haven::read_sav turns them into NA);
# - a participant's NOSIK at one wave is dropped as a whole when an item holds an invalid value
#   (outside 1..6 or not whole) — the unit rule;
# - scale scores per data-schemas/instruments/nosik.json: sum of the items (reverse-keyed ones as
#   min + max - x), prorated (mean of answered x number of items) when at most maxMissing are missing.
# Run from the repo root: Rscript tests/reference/spss_export.R
suppressMessages({ library(haven); library(jsonlite) })
f <- "tests/fixtures/data/spss/dutch-export.sav"
raw <- read_sav(f, user_na = TRUE)       # codes kept, to count them
dat <- read_sav(f)                        # user-missing -> NA
def <- fromJSON("data-schemas/instruments/nosik.json", simplifyVector = FALSE)
rev_items <- vapply(def$items, function(i) isTRUE(i$reverse), logical(1))
names(rev_items) <- vapply(def$items, function(i) i$id, character(1))
waves <- c(voormeting = "T1", nameting = "T2")
grp <- as.character(as_factor(dat$groep))
grp <- ifelse(grp == "Home-Start", "homestart", "control")

scores <- list(); counted <- list(); units <- c(read = 0, accepted = 0, rejected = 0)
for (w in names(waves)) {
  cols <- sprintf("nosik_%d_%s", 1:25, w)
  totcol <- sprintf("nosik_tot_%s", w)
  X <- as.matrix(as.data.frame(lapply(dat[cols], function(x) as.numeric(x))))
  R <- as.matrix(as.data.frame(lapply(raw[c(cols, totcol)], function(x) as.numeric(unclass(x)))))
  for (i in seq_len(nrow(dat))) {
    present <- any(!is.na(R[i, ]))
    if (!present) next
    units["read"] <- units["read"] + 1
    x <- X[i, ]
    invalid <- any(!is.na(x) & (x < 1 | x > 6 | x != round(x)))
    if (invalid) { units["rejected"] <- units["rejected"] + 1; next }
    units["accepted"] <- units["accepted"] + 1
    codes <- R[i, ][!is.na(R[i, ]) & R[i, ] %in% c(-9, 99)]
    counted[[length(counted) + 1]] <- codes
    keyed <- ifelse(rev_items, 7 - x, x)
    for (s in def$scales) {
      ids <- unlist(s$items); k <- match(ids, names(rev_items))
      v <- keyed[k]; miss <- sum(is.na(v)); mm <- if (is.null(s$maxMissing)) 0 else s$maxMissing
      sc <- if (miss <= mm && miss < length(v)) mean(v, na.rm = TRUE) * length(v) else NA
      scores[[length(scores) + 1]] <- data.frame(participant = as.character(dat$respnr[i]), group = grp[i], wave = waves[[w]], scale = s$id, score = sc)
    }
  }
}
scores <- do.call(rbind, scores)
codes <- unlist(counted)
tot <- scores[scores$scale == "total", ]
paired <- list()
for (g in c("homestart", "control")) {
  a <- tot[tot$group == g & tot$wave == "T1", c("participant", "score")]
  b <- tot[tot$group == g & tot$wave == "T2", c("participant", "score")]
  m <- merge(a, b, by = "participant", suffixes = c("_t1", "_t2"))
  m <- m[!is.na(m$score_t1) & !is.na(m$score_t2), ]
  tt <- t.test(m$score_t2, m$score_t1, paired = TRUE)
  d <- m$score_t2 - m$score_t1
  paired[[g]] <- list(n = nrow(m), participants = m$participant, meanDiff = mean(d), sdDiff = sd(d), t = unname(tt$statistic),
                      df = unname(tt$parameter), p = tt$p.value, ciLow = tt$conf.int[1], ciHigh = tt$conf.int[2], dz = mean(d) / sd(d))
}
out <- list(
  generated_by = "tests/reference/spss_export.R", haven = as.character(packageVersion("haven")), R = R.version.string,
  file = f, cases = nrow(dat), units = as.list(units),
  declaredMissing = list(count = length(codes), byCode = as.list(table(as.character(codes)))),
  scores = scores, paired = paired
)
write(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), "tests/reference/spss_export.json")
