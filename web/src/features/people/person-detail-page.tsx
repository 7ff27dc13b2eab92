import { ArrowLeftOutlined, CommentOutlined, EditOutlined, EyeOutlined, FolderOpenOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Row, Skeleton, Space, Typography, type DescriptionsProps } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiFetch } from '../../api/client';
import type { Person, PersonSensitive } from '../../api/types';
import { ErrorResult } from '../../components/result-pages';
import { useShowError } from '../../components/use-api-error';
import { hasPermission, useMe } from '../auth/session';
import { usePerson } from './people-api';
import { PartyStatusTag, PersonStatusTag } from './people-labels';
import { PersonFormDrawer } from './person-form-drawer';
import { PersonCareSection } from '../care/person-care-section';

function orDash(v: ReactNode): ReactNode {
  return v === null || v === undefined || v === '' ? <Typography.Text type="secondary">—</Typography.Text> : v;
}

function Group({ title, items, testId }: { title: string; items: DescriptionsProps['items']; testId: string }) {
  return (
    <Card title={title} size="small" data-testid={testId}>
      <Descriptions size="small" className="fixed-descriptions" column={{ xs: 1, sm: 2, xl: 3 }} items={items} />
    </Card>
  );
}

function SensitiveValue({ masked, full, testId }: { masked: string | null; full: string | null | undefined; testId: string }) {
  const shown = full !== undefined ? full : masked;
  return (
    <Typography.Text code={!!shown} data-testid={testId}>
      {orDash(shown)}
    </Typography.Text>
  );
}

export function PersonDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const { message } = App.useApp();
  const showError = useShowError();
  const person = usePerson(id);
  const [editing, setEditing] = useState(false);
  const [sensitive, setSensitive] = useState<PersonSensitive | null>(null);
  const canRead = hasPermission(me, 'people.read');
  const canWrite = hasPermission(me, 'people.write');
  const isSelf = !!id && id === me.personId;
  const canReveal = hasPermission(me, 'people.read_sensitive') || isSelf;

  const reveal = useMutation({
    mutationFn: () => apiFetch<PersonSensitive>(`/people/${id}/sensitive`),
    onSuccess: (s) => {
      setSensitive(s);
      void message.info(t('people.revealed'));
    },
    onError: showError,
  });

  if (person.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (person.error) return <ErrorResult error={person.error} onRetry={() => void person.refetch()} />;
  const p: Person = person.data;
  const shown = sensitive && sensitive.id === p.id ? sensitive : null;
  const date = (d: string | null) => orDash(d);

  return (
    <div className="page" data-testid="person-detail">
      <div className="page-header">
        <Space wrap align="center">
          {canRead ? (
            <Link to="/people">
              <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('people.backToList')} data-testid="person-back" />
            </Link>
          ) : null}
          <Typography.Title level={3} data-testid="person-name">
            {p.name}
          </Typography.Title>
          <PartyStatusTag value={p.partyStatus} />
          <PersonStatusTag value={p.status} />
        </Space>
        <Space wrap>
          {/* Talks and focus files, for those allowed; the person's own page never shows the focus link. */}
          {hasPermission(me, 'talks.coverage') ? (
            <Link to={`/talks/list?person=${p.id}`} data-testid="person-talks-link">
              <Button icon={<CommentOutlined />}>{t('talks.person.talks')}</Button>
            </Link>
          ) : null}
          {hasPermission(me, 'talks.record') && !isSelf ? (
            <Link to={`/talks/new?${new URLSearchParams({ talkee: p.id, talkeeName: p.name }).toString()}`} data-testid="person-talk-new">
              <Button icon={<CommentOutlined />}>{t('talks.person.talkWith')}</Button>
            </Link>
          ) : null}
          {hasPermission(me, 'focus.manage') && !isSelf ? (
            <Link to={`/focus?person=${p.id}&status=all`} data-testid="person-focus-link">
              <Button icon={<FolderOpenOutlined />}>{t('talks.person.focus')}</Button>
            </Link>
          ) : null}
          {canWrite ? (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="person-edit">
              {t('common.edit')}
            </Button>
          ) : null}
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Group
            title={t('people.group.basic')}
            testId="person-group-basic"
            items={[
              { key: 'name', label: t('people.field.name'), children: p.name },
              { key: 'gender', label: t('people.field.gender'), children: t(`people.gender.${p.gender}`) },
              { key: 'ethnicity', label: t('people.field.ethnicity'), children: orDash(p.ethnicity) },
              {
                key: 'birthDate',
                label: t('people.field.birthDate'),
                children: p.birthDate ? `${p.birthDate}${p.age != null ? `（${t('people.ageValue', { age: p.age })}）` : ''}` : orDash(null),
              },
              { key: 'nativePlace', label: t('people.field.nativePlace'), children: orDash(p.nativePlace) },
              { key: 'education', label: t('people.field.education'), children: orDash(p.education) },
            ]}
          />
        </Col>
        <Col span={24}>
          <Group
            title={t('people.group.political')}
            testId="person-group-political"
            items={[
              { key: 'partyStatus', label: t('people.field.partyStatus'), children: <PartyStatusTag value={p.partyStatus} /> },
              { key: 'branch', label: t('people.field.branchId'), children: orDash(p.branchName) },
              { key: 'partyJoinedOn', label: t('people.field.partyJoinedOn'), children: date(p.partyJoinedOn) },
              { key: 'partyConfirmedOn', label: t('people.field.partyConfirmedOn'), children: date(p.partyConfirmedOn) },
            ]}
          />
        </Col>
        <Col span={24}>
          <Group
            title={t('people.group.work')}
            testId="person-group-work"
            items={[
              { key: 'department', label: t('people.field.departmentId'), children: orDash(p.departmentName) },
              { key: 'post', label: t('people.field.post'), children: orDash(p.post) },
              { key: 'rank', label: t('people.field.rank'), children: orDash(p.rank) },
              { key: 'postSince', label: t('people.field.postSince'), children: date(p.postSince) },
              { key: 'workStartedOn', label: t('people.field.workStartedOn'), children: date(p.workStartedOn) },
              { key: 'serviceStartedOn', label: t('people.field.serviceStartedOn'), children: date(p.serviceStartedOn) },
              { key: 'status', label: t('people.field.status'), children: <PersonStatusTag value={p.status} /> },
              { key: 'transferredInOn', label: t('people.field.transferredInOn'), children: date(p.transferredInOn) },
              { key: 'transferredOutOn', label: t('people.field.transferredOutOn'), children: date(p.transferredOutOn) },
            ]}
          />
        </Col>
        <Col span={24}>
          <Card
            title={t('people.group.contact')}
            size="small"
            data-testid="person-group-contact"
            extra={
              canReveal && !shown && (p.phoneMasked || p.nationalIdMasked) ? (
                <Space size={8} wrap>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <InfoCircleOutlined /> {t('people.revealNotice')}
                  </Typography.Text>
                  <Button size="small" icon={<EyeOutlined />} loading={reveal.isPending} onClick={() => reveal.mutate()} data-testid="person-reveal">
                    {t('people.reveal')}
                  </Button>
                </Space>
              ) : null
            }
          >
            <Descriptions
              size="small"
              className="fixed-descriptions"
              column={{ xs: 1, sm: 2, xl: 3 }}
              items={[
                {
                  key: 'phone',
                  label: t('people.field.phone'),
                  children: <SensitiveValue masked={p.phoneMasked} full={shown ? shown.phone : undefined} testId="person-phone" />,
                },
                {
                  key: 'nationalId',
                  label: t('people.field.nationalId'),
                  children: <SensitiveValue masked={p.nationalIdMasked} full={shown ? shown.nationalId : undefined} testId="person-national-id" />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <PersonCareSection person={{ id: p.id, name: p.name }} isSelf={isSelf} />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {t('people.field.updatedAt')}: {dayjs(p.updatedAt).format('YYYY-MM-DD HH:mm')}
      </Typography.Paragraph>
      <PersonFormDrawer
        open={editing}
        person={p}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setSensitive(null);
        }}
      />
    </div>
  );
}
