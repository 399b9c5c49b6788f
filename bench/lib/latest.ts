import fs from 'node:fs';
import path from 'node:path';
import { markdownTable } from './table.js';
import type { Row } from './types.js';

interface ScenarioRun {
  machine: { date: string; loadAverage: number[]; gitCommit: string | null; gitDirty: boolean };
  rows: Row[];
  notes: string[];
}

/**
 * The latest full result of every scenario (bench/results/latest-full.json, committed): a full
 * run replaces the scenarios it ran and keeps the others, each with the machine facts of the run
 * that measured it; latest-full.md is the table in Markdown, in registry order.
 */
export function updateLatest(dir: string, order: string[], runs: Record<string, ScenarioRun>): void {
  const file = path.join(dir, 'latest-full.json');
  const prev = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { scenarios: Record<string, ScenarioRun> }).scenarios : {};
  const scenarios = { ...prev, ...runs };
  fs.writeFileSync(file, JSON.stringify({ scenarios }, null, 2));
  const ids = order.filter((id) => scenarios[id]);
  const when = ids.map((id) => {
    const m = scenarios[id].machine;
    return `- ${id}: ${m.date}, load average ${m.loadAverage.map((l) => l.toFixed(1)).join(' ')} at the start, commit ${m.gitCommit?.slice(0, 10) ?? '?'}${m.gitDirty ? ' (uncommitted changes)' : ''}`;
  });
  const rows = ids.flatMap((id) => scenarios[id].rows);
  fs.writeFileSync(path.join(dir, 'latest-full.md'), `${markdownTable(rows)}\n\nMeasured:\n${when.join('\n')}\n`);
}
