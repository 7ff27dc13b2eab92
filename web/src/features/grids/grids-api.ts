import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch } from '../../api/client';
import type { ZCoverageCheck, ZGrid, ZGridCreate, ZGridImportReport, ZGridMove, ZGridMoveResult, ZGridUpdate } from '../../../../src/contracts/grids';

export type Grid = z.infer<typeof ZGrid>;
export type GridMember = Grid['members'][number];
export type GridCreate = z.input<typeof ZGridCreate>;
export type GridUpdate = z.input<typeof ZGridUpdate>;
export type GridMove = z.input<typeof ZGridMove>;
export type GridMoveResult = z.infer<typeof ZGridMoveResult>;
export type CoverageCheck = z.infer<typeof ZCoverageCheck>;
export type GridImportReport = z.infer<typeof ZGridImportReport>;

export const GRIDS_KEY = ['grids'] as const;

export function useGrids(branchId: string | null, includeClosed = false) {
  return useQuery({
    queryKey: [...GRIDS_KEY, 'list', branchId, includeClosed],
    queryFn: () => apiFetch<{ items: Grid[] }>('/grids', { query: { branchId, includeClosed: String(includeClosed) } }),
    select: (r) => r.items,
    enabled: !!branchId,
    placeholderData: keepPreviousData,
  });
}

export function useCoverageCheck(orgUnitId: string | null) {
  return useQuery({
    queryKey: [...GRIDS_KEY, 'coverage-check', orgUnitId],
    queryFn: () => apiFetch<CoverageCheck>('/grids/coverage-check', { query: { orgUnitId } }),
    enabled: !!orgUnitId,
  });
}

export const createGrid = (body: GridCreate) => apiFetch<Grid>('/grids', { method: 'POST', body });
export const updateGrid = (id: string, body: GridUpdate) => apiFetch<Grid>(`/grids/${id}`, { method: 'PATCH', body });
export const closeGrid = (id: string, version: number) => apiFetch<Grid>(`/grids/${id}/close`, { method: 'POST', body: { version } });
export const moveGridMember = (body: GridMove) => apiFetch<GridMoveResult>('/grids/move', { method: 'POST', body });
export const addGridMembers = (id: string, body: { personIds: string[]; joinedOn: string; version: number }) =>
  apiFetch<Grid>(`/grids/${id}/members`, { method: 'POST', body });
export const removeGridMember = (id: string, personId: string, q: { leftOn: string; version: number }) =>
  apiFetch<Grid>(`/grids/${id}/members/${personId}`, { method: 'DELETE', query: q });

export function importGrids(branchId: string, file: File, mode: 'dry_run' | 'valid_rows'): Promise<GridImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiFetch<GridImportReport>('/grids/import', { method: 'POST', query: { branchId, mode }, body: form });
}
