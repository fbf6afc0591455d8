import { impactBarChart, impactGroupedBarChart, renderSvg } from '../src/index.js';
const svg = await renderSvg(impactBarChart([{ category: 'School', value: 12, display: '12' }, { category: 'Other', value: null, display: 'x' }], { hiddenLabel: 'verborgen' }));
console.log(svg.match(/aria-label="[^"]*"/g));
const svg2 = await renderSvg(impactGroupedBarChart([{ category: 'Reg', group: '2024', value: 12, display: '12' }, { category: 'Reg', group: '2025', value: null, display: '<5' }]));
console.log(svg2.match(/aria-label="[^"]*"/g));
