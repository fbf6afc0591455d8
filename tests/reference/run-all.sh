#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/../.."
Rscript tests/reference/reliability.R
Rscript tests/reference/bootstrap.R
Rscript tests/reference/tests.R
Rscript tests/reference/contingency.R
Rscript tests/reference/proportion.R
Rscript tests/reference/equivalence.R
Rscript tests/reference/change.R
/usr/bin/python3 tests/reference/reliable_change.py
Rscript tests/reference/anova.R
Rscript tests/reference/power.R
Rscript tests/reference/instrument_scoring.R
Rscript tests/reference/noncentral_t.R
Rscript tests/reference/descriptives.R
Rscript tests/reference/effsize.R
Rscript tests/reference/sample_data.R
Rscript tests/reference/distributions.R
Rscript tests/reference/impact_figures.R
Rscript tests/reference/designs.R
Rscript tests/reference/notebooks.R
Rscript tests/reference/roots.R
/usr/bin/python3 tests/reference/noncentral_t_boost.py
Rscript tests/reference/notebook06.R
Rscript tests/reference/path_models.R
Rscript tests/reference/lmm.R
Rscript tests/reference/growth.R
