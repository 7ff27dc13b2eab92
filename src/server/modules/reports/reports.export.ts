import type { Db } from '../../../db/connection';
import { DEFAULT_DEADLINE_RULE, suggestLedgerDraft } from '../../../domain/ledger/suggest-draft';
import type { Actor } from '../../lib/context';
import { buildOwnerDirectory } from './reports.draft';
import { buildReportDocx } from './reports.docx';
import * as repo from './reports.repo';
import { loadReadable } from './reports.service';
import { buildListsWorkbook } from './reports.xlsx';

/** A file name from a title: no path or reserved characters, not too long. */
export function safeFileName(title: string, suffix: string): string {
  const base = title.replace(/[\\/:*?"<>|\r\n\t]+/g, ' ').trim().slice(0, 80) || '对照检查材料';
  return `${base}${suffix}`;
}

/** The material as edited, laid out as an official document (.docx). */
export async function exportReportDocx(db: Db, actor: Actor, id: string) {
  const row = await loadReadable(db, actor, id, 'export_docx');
  const data = await buildReportDocx({
    structure: row.structure,
    preamble: row.parsed.preamble?.text ?? null,
    byline: row.kind === 'personal' ? row.personName : null,
  });
  return { data, fileName: safeFileName(row.structure.title, '.docx') };
}

/**
 * 问题清单 · 任务清单 · 责任清单 of a material: the tasks come from its ledger draft, or, before one is made,
 * from the suggestion a draft would start with.
 */
export async function exportReportLists(db: Db, actor: Actor, id: string) {
  const row = await loadReadable(db, actor, id, 'export_lists');
  const items =
    row.ledgerDraft?.items ??
    suggestLedgerDraft(row.structure, {
      basis: 'measure',
      baseDate: new Date().toISOString().slice(0, 10),
      deadlineRule: DEFAULT_DEADLINE_RULE,
      directory: await buildOwnerDirectory(db, row),
    });
  const personIds = new Set<string>();
  const unitIds = new Set<string>();
  for (const x of items) {
    if (x.leaderPersonId) personIds.add(x.leaderPersonId);
    if (x.leadDepartmentId) unitIds.add(x.leadDepartmentId);
    x.cooperatingDepartmentIds.forEach((d) => unitIds.add(d));
    x.owners.forEach((o) => {
      personIds.add(o.personId);
      if (o.orgUnitId) unitIds.add(o.orgUnitId);
    });
  }
  const [people, units] = await Promise.all([repo.peopleNames(db, [...personIds]), repo.unitsByIds(db, [...unitIds])]);
  const data = await buildListsWorkbook({
    structure: row.structure,
    items,
    names: { people: new Map(people.map((p) => [p.id, p.name])), units: new Map(units.map((u) => [u.id, u.name])) },
  });
  return { data, fileName: safeFileName(row.structure.title, '_问题清单·任务清单·责任清单.xlsx') };
}
