import { ArrowLeftOutlined, EditOutlined, FolderAddOutlined, HeartOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorResult } from '../../components/result-pages';
import { useCan, useMe } from '../auth/session';
import { CareFormModal } from '../care/care-form-modal';
import { FocusFormModal } from '../focus/focus-form-modal';
import type { FocusReason } from '../focus/focus-labels';
import { TalkEditModal } from './talk-edit-modal';
import { ConcernTag, TalkKindTag } from './talk-labels';
import { useTalk } from './talks-api';
import './talks.css';

/** One talk. The notes show only when the server sends them (talker, secretaries above, inspector on discipline risk). */
export function TalkDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const talk = useTalk(id);
  const [editing, setEditing] = useState(false);
  const canCare = useCan('care.write');
  const canFocus = useCan('focus.manage');
  const [dialog, setDialog] = useState<{ kind: 'care' | 'focus'; person: { id: string; name: string } } | null>(null);

  if (talk.isPending) return <Card><Skeleton active paragraph={{ rows: 6 }} /></Card>;
  if (talk.error) return <ErrorResult error={talk.error} onRetry={() => void talk.refetch()} />;
  const x = talk.data;
  const names = (ps: typeof x.talkers) => ps.map((p) => p.name).join('、');
  // Talkers and the secretaries above edit; the inspector (also full access) only reads. The server checks again.
  const canEdit = x.access === 'full' && (x.talkers.some((p) => p.personId === me.personId) || me.roles.some((r) => r.role === 'secretary'));
  const firstConcern = (personId: string) => x.concerns?.find((c) => c.personId === personId)?.category as FocusReason | undefined;

  return (
    <div className="page talk-form-page" data-testid="talk-detail">
      <div className="page-header">
        <Space align="center" wrap>
          <Link to="/talks/list">
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('talks.backToList')} />
          </Link>
          <Typography.Title level={3}>{t('talks.detail.title', { date: x.heldOn })}</Typography.Title>
          <TalkKindTag kind={x.kind} />
        </Space>
        {canEdit ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="talk-edit">
            {t('common.edit')}
          </Button>
        ) : null}
      </div>
      <Card size="small" className="talk-form-card">
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'talkees', label: t('talks.field.talkees'), children: <span data-testid="talk-detail-talkees">{names(x.talkees)}</span> },
            { key: 'talkers', label: t('talks.field.talkers'), children: names(x.talkers) },
            { key: 'unit', label: t('talks.field.unit'), children: x.orgUnitName },
            { key: 'place', label: t('talks.field.place'), children: x.place ?? '—' },
            ...(x.topics !== null ? [{ key: 'topics', label: t('talks.field.topics'), children: x.topics.length ? x.topics.map((s) => <Tag key={s}>{s}</Tag>) : '—' }] : []),
            ...(x.concerns !== null
              ? [
                  {
                    key: 'concerns',
                    label: t('talks.field.concerns'),
                    children: x.concerns.length ? (
                      <span data-testid="talk-detail-concerns">
                        {x.concerns.map((c, i) => (
                          <ConcernTag key={i} category={c.category} severity={c.severity} />
                        ))}
                      </span>
                    ) : (
                      '—'
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title={t('talks.field.notes')} className="talk-form-card">
        {x.notes !== null ? (
          <div className="talk-notes" data-testid="talk-notes-text">
            {x.notes}
          </div>
        ) : x.access === 'full' ? (
          <Typography.Text type="secondary" data-testid="talk-notes-empty">
            {t('talks.detail.noNotes')}
          </Typography.Text>
        ) : (
          <Alert type="info" showIcon icon={<LockOutlined />} title={t('talks.detail.notesHidden')} data-testid="talk-notes-hidden" />
        )}
      </Card>
      <Card size="small" title={t('talks.field.followUps')} className="talk-form-card" data-testid="talk-detail-follow-ups">
        {x.followUps.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talks.detail.noFollowUps')} />
        ) : (
          <List
            size="small"
            dataSource={x.followUps}
            renderItem={(f) => (
              <List.Item>
                <Tag>{t(`talks.followUpKind.${f.kind}`)}</Tag> {f.note}
              </List.Item>
            )}
          />
        )}
        {x.access === 'full' && (canCare || canFocus) ? (
          <Space wrap style={{ marginTop: 12 }}>
            {x.talkees.map((p) => (
              <Space key={p.personId} wrap>
                {canCare ? (
                  <Button icon={<HeartOutlined />} onClick={() => setDialog({ kind: 'care', person: { id: p.personId, name: p.name } })} data-testid="care-new">
                    {t('talks.detail.addCare', { name: p.name })}
                  </Button>
                ) : null}
                {canFocus ? (
                  <Button icon={<FolderAddOutlined />} onClick={() => setDialog({ kind: 'focus', person: { id: p.personId, name: p.name } })} data-testid="focus-new">
                    {t('talks.detail.openFocus', { name: p.name })}
                  </Button>
                ) : null}
              </Space>
            ))}
          </Space>
        ) : null}
      </Card>
      {canEdit ? <TalkEditModal talk={x} open={editing} onClose={() => setEditing(false)} /> : null}
      <CareFormModal open={dialog?.kind === 'care'} onClose={() => setDialog(null)} person={dialog?.person} talkId={x.id} />
      <FocusFormModal
        open={dialog?.kind === 'focus'}
        onClose={() => setDialog(null)}
        person={dialog?.person}
        reasonCategory={dialog ? firstConcern(dialog.person.id) : undefined}
        talkId={x.id}
        onSaved={(f) => navigate(`/focus/${f.id}`)}
      />
    </div>
  );
}
