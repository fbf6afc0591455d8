import { loadHighs } from '../src/impact/audit.js';
const h = await loadHighs();
const m = 60, rows = 40;
const starts=[0], idx:number[]=[], val:number[]=[];
for (let r=0;r<rows;r++){ const s=new Set<number>(); while(s.size<5) s.add(Math.floor(Math.random()*m)); for (const j of [...s].sort((a,b)=>a-b)){idx.push(j);val.push(1);} starts.push(idx.length);}
let t0=performance.now();
const model = h.createModel({numCols:m,numRows:rows,colCost:new Float64Array(m),colLower:new Float64Array(m),colUpper:new Float64Array(m).fill(10),rowLower:new Array(rows).fill(5),rowUpper:new Array(rows).fill(20),matrix:{format:'csr',numRows:rows,numCols:m,starts,indices:idx,values:val}});
console.log('create', performance.now()-t0);
model.options.set({output_flag:false, presolve:'off', solver:'simplex'});
t0=performance.now();
for (let k=0;k<200;k++){ const c=new Float64Array(m); c[k%m]=1; model.changeObjectiveSense(k%2?h.constants.objectiveSense.maximize:h.constants.objectiveSense.minimize); model.changeColsCost({kind:'range',from:0,to:m-1},c); model.run(); model.getSolution(); }
console.log('200 LPs', performance.now()-t0);
t0=performance.now();
for (let k=0;k<200;k++){ model.run(); }
console.log('200 runs no change', performance.now()-t0);
const variants: Array<[string, () => void]> = [
 ['single cost change', () => { for (let k=0;k<100;k++){ model.changeColCost((k-1+m)%m, 0); model.changeColCost(k%m, 1); model.run(); } }],
 ['sense change only', () => { for (let k=0;k<100;k++){ model.changeObjectiveSense(k%2?h.constants.objectiveSense.maximize:h.constants.objectiveSense.minimize); model.run(); } }],
 ['getSolution only', () => { for (let k=0;k<100;k++){ model.getSolution(); } }],
 ['fresh model each', () => { for (let k=0;k<100;k++){ const c=new Float64Array(m); c[k%m]=1; const mm=h.createModel({numCols:m,numRows:rows,colCost:c,colLower:new Float64Array(m),colUpper:new Float64Array(m).fill(10),rowLower:new Array(rows).fill(5),rowUpper:new Array(rows).fill(20),matrix:{format:'csr',numRows:rows,numCols:m,starts,indices:idx,values:val}}); mm.options.set({output_flag:false}); mm.run(); mm.getSolution(); mm.dispose(); } }],
 ['legacy solve text', () => { let lp='Maximize\n obj: x0\nSubject To\n'; for (let r=0;r<rows;r++){ lp+=` r${r}: `+idx.slice(starts[r],starts[r+1]).map(j=>'x'+j).join(' + ')+' >= 5\n'; } lp+='Bounds\n'; for(let j=0;j<m;j++) lp+=` 0 <= x${j} <= 10\n`; lp+='End\n'; for (let k=0;k<100;k++) h.solve(lp, {output_flag:false} as never); }],
];
for (const [name, f] of variants) { const t=performance.now(); f(); console.log(name, (performance.now()-t).toFixed(0), 'ms /100'); }
