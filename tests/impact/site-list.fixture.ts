/**
 * Hand-made registration data for the tests of the site list's rows (tests/impact/site-list-rows-restore.test.ts):
 * a few sites of one region whose families are all alike — each site registers six supported families every
 * half-year from 2022 to 2025 (one a month, referred by the municipality, one child of 2, matched a week later,
 * the trajectory closed a year on with its goals reached) and has ten female volunteers active throughout — so
 * that every table prints large counts and hidden zeros, except the families **not supported**, whose number per
 * half-year each site gives. Synthetic: not real families, volunteers or sites.
 */
import type { Family, RegistrationData, Site, Trajectory, Volunteer } from '../../src/impact/types.js';

/** One hand-made site: its id and name, and its families not supported per half-year (`2024-H1` → 3; absent: 0). */
export interface HandMadeSite {
  siteId: string;
  name: string;
  notSupported: Readonly<Record<string, number>>;
}

/** Six families not supported in every half-year of 2022–2025: a site whose counts are all large. */
export const LARGE: Readonly<Record<string, number>> = Object.fromEntries([2022, 2023, 2024, 2025].flatMap((y) => [`${y}-H1`, `${y}-H2`]).map((h) => [h, 6]));

const month = (m: number) => String(m).padStart(2, '0');

/** The registration data of `sites`, all in region `region` (see the module's description). */
export function handMadeRegion(sites: readonly HandMadeSite[], region = 'Proefland'): RegistrationData {
  const out: RegistrationData = { sites: [], families: [], volunteers: [], trajectories: [] };
  for (const s of sites) {
    const site: Site = { siteId: s.siteId, municipality: s.name, organisation: `Home-Start ${s.name}`, region, startDate: '2020-01-01', coordinatorHours: 16, budget: null };
    out.sites.push(site);
    for (let v = 0; v < 10; v++) {
      const volunteer: Volunteer = { volunteerId: `${s.siteId}-V${v}`, siteId: s.siteId, gender: 'female', registrationDate: '2020-02-01', trainingCompletedDate: '2020-03-01', activeFrom: '2020-03-01', stopDate: null, stopReason: null };
      out.volunteers.push(volunteer);
    }
    let n = 0;
    const family = (registrationDate: string, intakeOutcome: Family['intakeOutcome']): Family => ({
      familyId: `${s.siteId}-G${++n}`,
      siteId: s.siteId,
      registrationDate,
      referrer: 'municipality',
      helpQuestions: ['parenting-support'],
      childrenCount: 1,
      childrenAges: [2],
      singleParent: false,
      migrationBackground: false,
      newcomer: false,
      financialVulnerability: false,
      psychologicalVulnerability: false,
      teenParent: false,
      physicalDisability: false,
      startsAroundBirth: false,
      locality: null,
      intakeOutcome,
      notSupportedReason: intakeOutcome === 'not-supported' ? 'declined' : null,
    });
    for (let y = 2022; y <= 2025; y++) {
      for (const h of [1, 2]) {
        for (let k = 0; k < 6; k++) {
          const m = (h - 1) * 6 + k + 1;
          const f = family(`${y}-${month(m)}-05`, 'supported');
          out.families.push(f);
          const end = `${y + 1}-${month(m)}-10`;
          const closed = end <= '2025-12-31';
          const trajectory: Trajectory = { trajectoryId: `${f.familyId}-T`, familyId: f.familyId, volunteerId: `${s.siteId}-V${k}`, siteId: s.siteId, matchDate: `${y}-${month(m)}-12`, checkDate: null, evaluationDates: [], endDate: closed ? end : null, endReason: closed ? 'goals-reached' : null, goalsReached: closed ? 'yes' : null, gasBefore: null, gasAfter: null, followUpDate: null, followUpReferred: null };
          out.trajectories.push(trajectory);
        }
        for (let k = 0; k < (s.notSupported[`${y}-H${h}`] ?? 0); k++) out.families.push(family(`${y}-${month((h - 1) * 6 + k + 1)}-20`, 'not-supported'));
      }
    }
  }
  return out;
}
