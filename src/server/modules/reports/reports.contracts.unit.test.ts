import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ZLedgerDraftItem, type LedgerDraftItemDto } from '../../../contracts/ledger';
import { ZReportStructure, type ReportStructureDto } from '../../../contracts/reports';
import { parseInspectionReport } from '../../../domain/inspection';
import { structureFromReport } from '../../../domain/ledger/structure-from-report';
import { suggestLedgerDraft } from '../../../domain/ledger/suggest-draft';
import type { LedgerDraftItem, OwnerDirectory, ReportStructure } from '../../../domain/ledger/types';

const FIXTURES = new URL('../../../../test/fixtures/inspection/', import.meta.url);
const SAMPLE = readFileSync(new URL('leadership-self-inspection.txt', FIXTURES), 'utf8');

const directory: OwnerDirectory = {
  roles: {
    branch_secretaries: [{ personId: '7a1f3c4e-0b6d-4d2a-9a59-2f6f0d9b1c11', orgUnitId: '5c0d2a6b-8f1e-4b7a-9c3d-1e2f3a4b5c6d' }],
    department_heads: [],
    leadership: [{ personId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b', orgUnitId: null }],
    grid_leaders: [],
  },
  leaderPersonId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
  departments: [],
  personalOwner: null,
};

describe('the report contracts', () => {
  it('infer exactly the domain types', () => {
    expectTypeOf<ReportStructureDto>().toEqualTypeOf<ReportStructure>();
    expectTypeOf<LedgerDraftItemDto>().toEqualTypeOf<LedgerDraftItem>();
  });

  it('accept the structure built from the sample and the draft suggested from it', () => {
    const structure = structureFromReport(parseInspectionReport(SAMPLE), '对照检查材料');
    const checked = ZReportStructure.safeParse(structure);
    expect(checked.success, checked.error?.message).toBe(true);
    for (const basis of ['measure', 'problem'] as const) {
      for (const item of suggestLedgerDraft(structure, { basis, baseDate: '2024-03-01', directory })) {
        const r = ZLedgerDraftItem.safeParse(item);
        expect(r.success, r.error?.message).toBe(true);
      }
    }
  });

  it('accept every fixture material once structured', () => {
    for (const name of readdirSync(FIXTURES)) {
      const structure = structureFromReport(parseInspectionReport(readFileSync(new URL(name, FIXTURES), 'utf8')), name);
      const r = ZReportStructure.safeParse(structure);
      expect(r.success, `${name}: ${r.error?.message}`).toBe(true);
    }
  });
});
