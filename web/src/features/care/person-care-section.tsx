import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasErrorCode } from '../../api/client';
import { useCan } from '../auth/session';
import { usePersonCare } from './care-api';
import { CareFormModal } from './care-form-modal';
import { CareTable } from './care-table';

/** Care on a person's page: for those who may record care in the person's unit, and for the person themself. */
export function PersonCareSection({ person, isSelf }: { person: { id: string; name: string }; isSelf: boolean }) {
  const { t } = useTranslation();
  const canWrite = useCan('care.write');
  const [adding, setAdding] = useState(false);
  const care = usePersonCare(person.id, canWrite || isSelf);
  // Out of scope: the section is simply not shown.
  if (!(canWrite || isSelf) || (care.error && hasErrorCode(care.error, 'FORBIDDEN', 'OUT_OF_SCOPE'))) return null;
  return (
    <Card
      title={t('talks.care.title')}
      size="small"
      data-testid="person-care"
      extra={
        canWrite && !isSelf ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="care-new">
            {t('talks.care.new')}
          </Button>
        ) : null
      }
    >
      {care.data && care.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talks.care.empty')} />
      ) : (
        <CareTable items={care.data?.items ?? []} loading={care.isPending} showPerson={false} canWrite={canWrite && !isSelf} testId="person-care-list" />
      )}
      <CareFormModal open={adding} onClose={() => setAdding(false)} person={person} />
    </Card>
  );
}
