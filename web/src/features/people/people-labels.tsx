import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { GENDERS, PARTY_STATUSES, PERSON_STATUSES } from '../../../../src/contracts/people';
import type { PartyStatus, PersonStatus } from '../../api/types';

const PARTY_COLORS: Record<PartyStatus, string> = {
  full_member: 'red',
  probationary: 'volcano',
  activist: 'orange',
  applicant: 'gold',
  none: 'default',
};
const STATUS_COLORS: Record<PersonStatus, string> = { active: 'green', transferred_out: 'default', retired: 'blue' };

export function PartyStatusTag({ value }: { value: PartyStatus }) {
  const { t } = useTranslation();
  return <Tag color={PARTY_COLORS[value]}>{t(`people.partyStatus.${value}`)}</Tag>;
}

export function PersonStatusTag({ value }: { value: PersonStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[value]}>{t(`people.status.${value}`)}</Tag>;
}

/** Select options with the labels of the current language. */
export function usePeopleOptions() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      gender: GENDERS.map((g) => ({ value: g, label: t(`people.gender.${g}`) })),
      partyStatus: PARTY_STATUSES.map((p) => ({ value: p, label: t(`people.partyStatus.${p}`) })),
      status: PERSON_STATUSES.map((s) => ({ value: s, label: t(`people.status.${s}`) })),
    }),
    [t],
  );
}
