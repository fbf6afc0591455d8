#!/usr/bin/env python3
"""Reference values for src/stats/reliable-change.ts and src/stats/clinical-significance.ts.

An independent re-implementation (numpy/scipy) of the RCI methods and the combined
clinical-significance categories of the R package clinicalsignificance
(GitHub pedscience/clinicalsignificance: R/calc_rci.R, R/rci-utils.R, R/calc_cutoff.R,
R/create_summary_table.R), with the deliberate differences documented in the TypeScript:
cut-off b uses the functional SD; HA 'harmed' = reliably deteriorated and CS_indiv significantly
clinical after starting functional.

Run from the repository root:  /usr/bin/python3 tests/reference/reliable_change.py
Writes tests/reference/reliable_change.json.
"""
import json
import math
import os

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))

# Jacobson & Truax (1991), Table 2: 30 couples, Dyadic Adjustment Scale (DAS, higher = better) and
# Global Distress Scale of the MSI (GDS, higher = worse; four couples without post-test), as
# transcribed in public R sources (GitHub AWKruijt/JT-RCI, data/J&T 1991 table2 DAS data.csv, and the
# jt.data set of an RCI package built from the same table).
DAS_PRE = [90.5, 74.0, 97.0, 73.5, 61.0, 66.5, 68.5, 86.5, 88.5, 68.5, 98.0, 80.5, 89.5, 91.5, 83.5,
           60.5, 83.0, 88.0, 98.5, 78.5, 99.5, 79.5, 84.5, 92.5, 93.0, 85.0, 64.0, 61.0, 80.0, 82.5]
DAS_POST = [97.0, 124.0, 97.5, 88.0, 96.5, 62.5, 112.5, 103.5, 90.0, 82.5, 105.0, 99.5, 112.5, 101.0, 99.5,
            79.5, 88.0, 100.5, 119.0, 116.0, 116.0, 129.0, 113.0, 118.0, 92.0, 114.0, 68.0, 52.0, 60.5, 104.5]
GDS_PRE = [68.0, 74.5, 58.5, 73.5, 78.5, 76.0, 76.5, 63.0, 70.0, 75.0, 63.5, 73.5, 71.5, 63.5, 57.0,
           75.0, 63.0, 75.0, 71.5, 68.0, 75.5, 67.5, 62.5, 69.5, 61.0, 67.0, 75.5, 75.5, 69.5, 66.5]
GDS_POST = [62.5, 56.0, 58.0, 71.0, 60.5, 77.0, 58.5, 52.0, 65.5, 73.0, 64.0, 55.5, 53.0, 55.0, 50.0,
            78.0, 65.5, 62.0, 60.5, 51.0, 50.0, 44.0, 55.5, 56.0, 60.5, 47.5, None, None, None, None]


def synthetic():
    """NOSIK-like parenting stress (higher = worse), 60 mothers, 3 missing, seeded."""
    rng = np.random.default_rng(20240517)
    n = 60
    pre = rng.normal(105, 15, n)
    post = pre - rng.normal(8, 14, n) + rng.normal(0, 4, n)
    pre = np.round(pre, 1)
    post = np.round(post, 1)
    pre_l = [float(v) for v in pre]
    post_l = [float(v) for v in post]
    pre_l[4] = None
    post_l[17] = None
    post_l[33] = None
    return pre_l, post_l


def complete(pre, post):
    keep = [i for i in range(len(pre)) if pre[i] is not None and post[i] is not None]
    x = np.array([pre[i] for i in keep], dtype=float)
    y = np.array([post[i] for i in keep], dtype=float)
    return keep, x, y


def rci_compute(pre, post, method, r, direction, r_post=None, alpha=0.05, crit=None, sd_pre=None, m_pre=None):
    keep, x, y = complete(pre, post)
    s = 1 if direction == 'higher-better' else -1
    if crit is None:
        crit = stats.norm.ppf(1 - alpha) if method == 'HA' else stats.norm.ppf(1 - alpha / 2)
    sdx = float(np.std(x, ddof=1)) if sd_pre is None else sd_pre
    mx = float(np.mean(x)) if m_pre is None else m_pre
    my = float(np.mean(y))
    sdy = float(np.std(y, ddof=1))
    se = sdx * math.sqrt(1 - r)
    params = dict(meanPre=mx, sdPre=sdx, meanPost=my, sdPost=sdy, seMeasurement=se)
    pre_true = None
    if method == 'JT':
        sdiff = math.sqrt(2 * se ** 2)
        params['sDiff'] = sdiff
        rci = (y - x) / sdiff
    elif method == 'GLN':
        sp = sdx * math.sqrt(1 - r ** 2)
        params['sePrediction'] = sp
        rci = ((y - mx) - r * (x - mx)) / sp
    elif method == 'HLL':
        sp = sdx * math.sqrt(1 - r ** 2)
        params['sePrediction'] = sp
        rci = ((y - my) - r * (x - mx)) / sp
    elif method == 'EN':
        pre_true = r * (x - mx) + mx
        rci = (y - pre_true) / se
    elif method == 'NK':
        rp = r if r_post is None else r_post
        den = math.sqrt(r ** 2 * sdx ** 2 * (1 - r) + sdx ** 2 * (1 - rp))
        params['nkDenominator'] = den
        pre_true = r * (x - mx) + mx
        rci = (y - pre_true) / den
    elif method == 'HA':
        r1 = (sdx ** 2 - se ** 2) / sdx ** 2
        r2 = (sdy ** 2 - se ** 2) / sdy ** 2
        rho = float(np.corrcoef(x, y)[0, 1])
        rdd = (sdx ** 2 * r1 + sdy ** 2 * r2 - 2 * sdx * sdy * rho) / (sdx ** 2 + sdy ** 2 - 2 * sdx * sdy * rho)
        params['rDD'] = rdd
        params['corPrePost'] = rho
        rci = ((y - x) * rdd + (my - mx) * (1 - rdd)) / (math.sqrt(rdd) * math.sqrt(2 * se ** 2))
    else:
        raise ValueError(method)
    cats = []
    for v in rci:
        if s * v > crit:
            cats.append('improved')
        elif s * v < -crit:
            cats.append('deteriorated')
        else:
            cats.append('unchanged')
    return dict(keep=keep, x=x, y=y, rci=rci, cats=cats, crit=crit, params=params, s=s, se=se,
                pre_true=pre_true)


def cutoffs_jt(mc, sc, mf, sf, s):
    a = mc + s * 2 * sc
    if mf is None:
        return dict(a=a, b=None, c=None)
    return dict(a=a, b=mf - s * 2 * sf, c=(sc * mf + sf * mc) / (sc + sf))


def cutoffs_ha(mc, sc, mf, sf, r, s):
    se = sc * math.sqrt(1 - r)
    rc = (sc ** 2 - se ** 2) / sc ** 2
    a = mc + s * 2 * sc * math.sqrt(rc)
    if mf is None:
        return dict(a=a, b=None, c=None), se
    rf = (sf ** 2 - se ** 2) / sf ** 2
    b = mf - s * 2 * sf * math.sqrt(rf)
    c = (sc * math.sqrt(rc) * mf + sf * math.sqrt(rf) * mc) / (sc * math.sqrt(rc) + sf * math.sqrt(rf))
    return dict(a=a, b=b, c=c), se


def clinsig(pre, post, method, r, direction, cutoff_type, functional=None, clinical=None, r_post=None, crit=None, sd_pre=None, labels=None):
    rc = rci_compute(pre, post, method, r, direction, r_post=r_post, crit=crit, sd_pre=sd_pre)
    s = rc['s']
    x, y = rc['x'], rc['y']
    if clinical is None:
        mc, sc = float(np.mean(x)), float(np.std(x, ddof=1))
    else:
        mc, sc = clinical
    mf, sf = (None, None) if functional is None else functional
    if method == 'HA':
        cuts, se = cutoffs_ha(mc, sc, mf, sf, r, s)
    else:
        cuts = cutoffs_jt(mc, sc, mf, sf, s)
    cut = cuts[cutoff_type]
    rows = []
    group = None
    if method == 'HA':
        my, sdy = float(np.mean(y)), float(np.std(y, ddof=1))
        rel_post = (sdy ** 2 - se ** 2) / sdy ** 2
    for j in range(len(x)):
        clin_pre = s * x[j] < s * cut
        imp = rc['cats'][j] == 'improved'
        det = rc['cats'][j] == 'deteriorated'
        cs_indiv = None
        if method == 'HA':
            cs_indiv = (my + (y[j] - my) * rel_post - cut) / (math.sqrt(rel_post) * se)
            func_post = clin_pre and s * cs_indiv > rc['crit']
            clin_post = (not clin_pre) and s * cs_indiv < -rc['crit']
            if func_post and imp:
                cat = 'recovered'
            elif imp:
                cat = 'improved'
            elif clin_post and det:
                cat = 'harmed'
            elif det:
                cat = 'deteriorated'
            else:
                cat = 'unchanged'
        else:
            func_post = s * y[j] > s * cut
            if clin_pre and func_post and imp:
                cat = 'recovered'
            elif imp:
                cat = 'improved'
            elif (not clin_pre) and (not func_post) and det:
                cat = 'harmed'
            elif det:
                cat = 'deteriorated'
            else:
                cat = 'unchanged'
        rows.append(dict(index=rc['keep'][j], rci=float(rc['rci'][j]), csIndiv=cs_indiv, clinicalPre=bool(clin_pre),
                         functionalPost=bool(func_post), category=cat))
    if method == 'HA':
        ch = y - x
        mch, sdch = float(np.mean(ch)), float(np.std(ch, ddof=1))
        zc = (0 - mch) / (sdch * math.sqrt(rc['params']['rDD']))
        zf = (cut - my) / (sdy * math.sqrt(rel_post))
        group = dict(zChanged=zc, zFunctional=zf,
                     changed=float(1 - stats.norm.cdf(zc)) if s == 1 else float(stats.norm.cdf(zc)),
                     functional=float(1 - stats.norm.cdf(zf)) if s == 1 else float(stats.norm.cdf(zf)),
                     reliabilityPost=rel_post)
    counts = {k: sum(1 for r_ in rows if r_['category'] == k) for k in
              ['recovered', 'improved', 'unchanged', 'deteriorated', 'harmed']}
    clinical_before = sum(1 for r_ in rows if r_['clinicalPre'])
    clinical_after = int(sum(1 for v in y if s * v < s * cut))
    groups = None
    if labels is not None:
        groups = []
        order = []
        for l in labels:
            if l is not None and l not in order:
                order.append(l)
        for name in order:
            idx = [j for j in range(len(rows)) if labels[rows[j]['index']] == name]
            g_counts = {k: sum(1 for j in idx if rows[j]['category'] == k) for k in
                        ['recovered', 'improved', 'unchanged', 'deteriorated', 'harmed']}
            n_miss = sum(1 for i in range(len(pre)) if labels[i] == name and i not in rc['keep'])
            g = dict(group=name, n=len(idx), nMissing=n_miss, counts=g_counts,
                     clinicalBefore=sum(1 for j in idx if rows[j]['clinicalPre']),
                     clinicalAfter=sum(1 for j in idx if s * y[j] < s * cut), groupLevel=None)
            if method == 'HA' and len(idx) >= 2:
                chg = np.array([y[j] - x[j] for j in idx])
                pg = np.array([y[j] for j in idx])
                zc = (0 - chg.mean()) / (chg.std(ddof=1) * math.sqrt(rc['params']['rDD']))
                zf = (cut - pg.mean()) / (pg.std(ddof=1) * math.sqrt(rel_post))
                g['groupLevel'] = dict(zChanged=zc, zFunctional=zf,
                                       changed=float(1 - stats.norm.cdf(zc)) if s == 1 else float(stats.norm.cdf(zc)),
                                       functional=float(1 - stats.norm.cdf(zf)) if s == 1 else float(stats.norm.cdf(zf)))
            groups.append(g)
    return dict(cutoffs=cuts, cutoff=cut, clinical=dict(mean=mc, sd=sc), rows=rows, counts=counts,
                clinicalBefore=clinical_before, clinicalAfter=clinical_after, groupLevel=group,
                criticalValue=float(rc['crit']), rciParams=rc['params'], groups=groups)


def rci_case(name, dataset, method, r, direction, **kw):
    pre, post = DATASETS[dataset]
    rc = rci_compute(pre, post, method, r, direction, **kw)
    out = dict(name=name, dataset=dataset, method=method, reliability=r, direction=direction,
               options={k: v for k, v in kw.items() if v is not None},
               criticalValue=float(rc['crit']), params=rc['params'],
               index=rc['keep'], rci=[float(v) for v in rc['rci']], categories=rc['cats'],
               counts={k: rc['cats'].count(k) for k in ['improved', 'unchanged', 'deteriorated']},
               nMissing=len(pre) - len(rc['keep']))
    if rc['pre_true'] is not None:
        out['preTrue'] = [float(v) for v in rc['pre_true']]
    if method == 'HA':
        ch = rc['y'] - rc['x']
        zc = (0 - ch.mean()) / (ch.std(ddof=1) * math.sqrt(rc['params']['rDD']))
        out['groupLevel'] = dict(zChanged=float(zc), changed=float(1 - stats.norm.cdf(zc)) if rc['s'] == 1 else float(stats.norm.cdf(zc)))
    return out


DATASETS = {}


def main():
    syn_pre, syn_post = synthetic()
    DATASETS.update(das=(DAS_PRE, DAS_POST), gds=(GDS_PRE, GDS_POST), synthetic=(syn_pre, syn_post))
    rci_cases = []
    for m in ['JT', 'GLN', 'HLL', 'EN', 'NK', 'HA']:
        rci_cases.append(rci_case(f'DAS {m}', 'das', m, 0.84, 'higher-better'))
        rci_cases.append(rci_case(f'GDS {m}', 'gds', m, 0.75, 'higher-worse'))
        kw = dict(r_post=0.7) if m == 'NK' else {}
        rci_cases.append(rci_case(f'synthetic {m}', 'synthetic', m, 0.8, 'higher-worse', **kw))
    # Jacobson & Truax's own settings for the DAS: r = .96, SD = 17.8 (Spanier, 1976), critical 1.96.
    rci_cases.append(rci_case('DAS JT, J&T settings', 'das', 'JT', 0.96, 'higher-better', sd_pre=17.8, crit=1.96))

    cs_cases = []
    das_func, das_clin = (114.8, 17.8), (70.7, 23.8)  # Spanier (1976) married / divorced samples
    for m in ['JT', 'GLN', 'HLL', 'EN', 'NK', 'HA']:
        for ct in ['a', 'b', 'c']:
            cs_cases.append(dict(name=f'DAS {m} {ct}', dataset='das', method=m, reliability=0.84,
                                 direction='higher-better', cutoff=ct, functional=das_func,
                                 result=clinsig(DAS_PRE, DAS_POST, m, 0.84, 'higher-better', ct, functional=das_func)))
            cs_cases.append(dict(name=f'synthetic {m} {ct}', dataset='synthetic', method=m, reliability=0.8,
                                 direction='higher-worse', cutoff=ct, functional=(80.0, 14.0),
                                 result=clinsig(syn_pre, syn_post, m, 0.8, 'higher-worse', ct, functional=(80.0, 14.0))))
    # GDS (higher = worse) cut-off c with the MSI T-score norm mean 50, SD 10 for the functional group.
    cs_cases.append(dict(name='GDS JT c', dataset='gds', method='JT', reliability=0.75,
                         direction='higher-worse', cutoff='c', functional=(50.0, 10.0),
                         result=clinsig(GDS_PRE, GDS_POST, 'JT', 0.75, 'higher-worse', 'c', functional=(50.0, 10.0))))
    # J&T's DAS norms as clinical and functional populations.
    cs_cases.append(dict(name='DAS JT c, Spanier norms', dataset='das', method='JT', reliability=0.96,
                         direction='higher-better', cutoff='c', functional=das_func, clinical=das_clin, criticalValue=1.96,
                         sdPre=17.8,
                         result=clinsig(DAS_PRE, DAS_POST, 'JT', 0.96, 'higher-better', 'c', functional=das_func,
                                        clinical=das_clin, crit=1.96, sd_pre=17.8)))

    # Grouped summaries: two arms, an arm whose members all lack a post-test, and unlabeled people.
    labels = [('Home-Start' if i % 2 == 0 else 'control') for i in range(len(syn_pre))]
    labels[1] = None
    labels[8] = None
    labels[17] = 'lost to follow-up'   # post missing
    labels[33] = 'lost to follow-up'   # post missing
    DATASETS['synthetic']  # same data
    for m in ['JT', 'HA']:
        cs_cases.append(dict(name=f'synthetic grouped {m} c', dataset='synthetic', method=m, reliability=0.8,
                             direction='higher-worse', cutoff='c', functional=(80.0, 14.0), group=labels,
                             result=clinsig(syn_pre, syn_post, m, 0.8, 'higher-worse', 'c', functional=(80.0, 14.0),
                                            labels=labels)))

    out = dict(generatedBy='tests/reference/reliable_change.py', numpy=np.__version__,
               scipy=__import__('scipy').__version__,
               datasets={k: dict(pre=v[0], post=v[1]) for k, v in DATASETS.items()}, rci=rci_cases, clinicalSignificance=cs_cases)
    with open(os.path.join(HERE, 'reliable_change.json'), 'w') as f:
        json.dump(out, f, allow_nan=False)


if __name__ == '__main__':
    main()
