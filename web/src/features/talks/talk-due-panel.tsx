import { AlertOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorResult } from '../../components/result-pages';
import { TalkDueRaiseModal } from './talk-due-raise-modal';
import { obligationsByPerson } from './talk-periods';
import { useMyDue } from './talks-api';

/** 我的待谈: one tap opens the entry form prefilled with the person (and the triggered due). */
export function TalkDuePanel({ canRaise }: { canRaise: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const due = useMyDue();
  const [raising, setRaising] = useState(false);
  const open = (q: Record<string, string>) => navigate(`/talks/new?${new URLSearchParams(q).toString()}`);

  if (due.isPending) return <Skeleton active />;
  if (due.error) return <ErrorResult error={due.error} onRetry={() => void due.refetch()} />;
  const obligations = obligationsByPerson(due.data.obligations);
  const triggered = due.data.triggered.filter((d) => d.status === 'open');

  return (
    <div data-testid="talk-due">
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('talks.due.hint')}</Typography.Text>
        <Flex gap={8} wrap>
          {canRaise ? (
            <Button icon={<AlertOutlined />} onClick={() => setRaising(true)} data-testid="talk-due-raise">
              {t('talks.raise.title')}
            </Button>
          ) : null}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/talks/new')} data-testid="talk-new">
            {t('talks.new')}
          </Button>
        </Flex>
      </Flex>
      <Card size="small" title={t('talks.due.triggered', { count: triggered.length })} style={{ marginBottom: 12 }} data-testid="talk-due-triggered">
        {triggered.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talks.due.noTriggered')} />
        ) : (
          <List
            dataSource={triggered}
            renderItem={(d) => (
              <List.Item
                className="talk-due-item"
                onClick={() => open({ talkee: d.personId, talkeeName: d.personName, kind: 'triggered', dueId: d.id })}
                extra={<RightOutlined />}
                data-testid="talk-due-triggered-item"
              >
                <List.Item.Meta
                  title={
                    <span>
                      {d.personName} <Tag color="red">{t(`talks.trigger.${d.trigger}`)}</Tag>
                      {d.overdue ? <Tag color="error">{t('talks.due.overdue')}</Tag> : null}
                    </span>
                  }
                  description={`${t('talks.due.dueOn', { date: d.dueOn })}${d.reason ? ` · ${d.reason}` : ''}`}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('talks.due.obligations', { count: obligations.length })} data-testid="talk-due-obligations">
        {obligations.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talks.due.noObligations')} />
        ) : (
          <List
            dataSource={obligations}
            renderItem={(o) => (
              <List.Item
                className="talk-due-item"
                onClick={() => open({ talkee: o.personId, talkeeName: o.name })}
                extra={<RightOutlined />}
                data-testid="talk-due-item"
              >
                <List.Item.Meta
                  title={
                    <span>
                      {o.name} {o.overdue ? <Tag color="error">{t('talks.due.overdue')}</Tag> : null}
                    </span>
                  }
                  description={`${o.ruleName} · ${t('talks.due.period', { from: o.from, to: o.to })}`}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <TalkDueRaiseModal
        open={raising}
        onClose={() => setRaising(false)}
        onRaised={(d) => void message.success(d.talkerName ? t('talks.raise.assigned', { name: d.talkerName, date: d.dueOn }) : t('talks.raise.unassigned', { date: d.dueOn }))}
      />
    </div>
  );
}
