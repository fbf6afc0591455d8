import { computeFigures, writeReport } from '../src/impact/index.js';
import { dalfsenFixture } from '../tests/impact/figures.fixture.js';
import { readFileSync } from 'node:fs';
const w = await writeReport(computeFigures(dalfsenFixture(), { year: 2024, referenceDate: '2025-03-31' }), { outDir: '/tmp/vv' });
console.log(readFileSync('/tmp/vv/tables/verwijzers.csv', 'utf8'));
console.log(readFileSync('/tmp/vv/tables/kerncijfers.csv', 'utf8').split('\n').slice(0, 4).join('\n'));
