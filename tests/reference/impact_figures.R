# Reference values for tests/impact/figures.test.ts: quartiles and mean of the durations (months)
# of the 8 trajectories of the Dalfsen-sized fixture closed in 2024 (tests/impact/figures.fixture.ts,
# CLOSED_2024: days 183 … 548; months = days / 30.4375). R's default quantile type 7.
# Run from the repo root: Rscript tests/reference/impact_figures.R
days <- c(183, 274, 304, 335, 366, 396, 427, 548)
months <- days / 30.4375
q <- quantile(months, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
out <- list(
  durations_days = days,
  q1 = q[1], median = q[2], q3 = q[3], mean = mean(months),
  r_version = R.version.string
)
json <- paste0("{\n", paste0(sprintf('  "%s": %s', names(out), sapply(out, function(v) {
  if (is.character(v)) sprintf('"%s"', v) else if (length(v) > 1) paste0("[", paste(v, collapse = ", "), "]") else formatC(v, digits = 17, format = "g")
})), collapse = ",\n"), "\n}\n")
writeLines(json, "tests/reference/impact_figures.json", sep = "")
