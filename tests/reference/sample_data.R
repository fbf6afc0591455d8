# Reference values for tests/sample/reference.test.ts: Cronbach's alpha (psych::alpha, complete cases at T1)
# and group x wave means of scale scores (mean of answered items after reverse keying) computed by R from
# the committed synthetic sample files. Keys (items, reverse flags, ranges) are read from
# data-schemas/instruments/*.json so they exist in one place only.
# Run from the repo root: Rscript tests/reference/sample_data.R  ->  tests/reference/sample_data.json
suppressPackageStartupMessages({ library(jsonlite); library(psych) })

defs <- lapply(c(nosik = "nosik", psoc = "psoc", pdh = "daily-hassles"), function(id)
  fromJSON(file.path("data-schemas", "instruments", paste0(id, ".json")), simplifyVector = FALSE))

files <- list(
  "synthetic-1997-prepost.csv" = c("nosik", "psoc", "pdh"),
  "synthetic-2005-control.csv" = c("nosik", "psoc"),
  "synthetic-2008-norm.csv" = c("nosik", "psoc"),
  "synthetic-2010-fourwaves.csv" = c("nosik", "psoc"),
  "synthetic-2013-fivewaves.csv" = c("nosik", "psoc")
)

keyed <- function(d, def, scale) {
  ids <- unlist(scale$items)
  items <- def$items
  out <- sapply(ids, function(id) {
    it <- Filter(function(x) x$id == id, items)[[1]]
    rng <- if (!is.null(it$response)) it$response else def$response
    x <- d[[paste0(def$columnPrefix, "_", id)]]
    if (isTRUE(it$reverse)) rng$min + rng$max - x else x
  })
  matrix(out, nrow = nrow(d))
}

result <- list()
for (f in names(files)) {
  d <- read.csv(file.path("sample-data", f), comment.char = "#", colClasses = c(participant_id = "character"))
  t1 <- d[d$wave == "T1", ]
  for (inst in files[[f]]) {
    def <- defs[[inst]]
    for (scale in def$scales) {
      x <- keyed(t1, def, scale)
      x <- x[complete.cases(x), , drop = FALSE]
      alpha <- psych::alpha(as.data.frame(x), check.keys = FALSE, warnings = FALSE)$total$raw_alpha
      all <- keyed(d, def, scale)
      score <- rowMeans(all, na.rm = TRUE)
      score[rowSums(!is.na(all)) == 0] <- NA
      cells <- aggregate(score ~ group + wave, data = data.frame(group = d$group, wave = d$wave, score = score), FUN = mean)
      result[[length(result) + 1]] <- list(
        file = f, instrument = def$id, scale = scale$id, alpha_t1 = alpha, n_complete_t1 = nrow(x),
        means = lapply(seq_len(nrow(cells)), function(i) list(group = cells$group[i], wave = cells$wave[i], mean = cells$score[i]))
      )
    }
  }
}
writeLines(toJSON(list(generated_by = "tests/reference/sample_data.R", R = R.version.string,
                       psych = as.character(packageVersion("psych")), cases = result),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/reference/sample_data.json")
