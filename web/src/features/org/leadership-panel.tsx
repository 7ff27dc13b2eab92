import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Form, Row, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PARTY_POSTS } from '../../../../src/contracts/org-units';
import { apiFetch } from '../../api/client';
import type { Leader, Leadership, LeadershipPut, OrgUnit } from '../../api/types';
import { ErrorResult } from '../../components/result-pages';
import { PersonPicker } from '../../components/person-picker';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useCan } from '../auth/session';
import { leadershipKey } from './org-api';
import { PARTY_POST_ORDER } from './org-labels';

type Post = Leader['partyPost'];
type LeaderRow = { personId: string | null; personName?: string; partyPost: Post; dualResponsibility: string[] };

const POST_COLORS: Record<Post, string> = { secretary: 'red', deputy_secretary: 'volcano', member: 'default' };

function sortLeaders(leaders: readonly Leader[]): Leader[] {
  return [...leaders].sort((a, b) => PARTY_POST_ORDER[a.partyPost] - PARTY_POST_ORDER[b.partyPost]);
}

function LeadershipEditor({ unit, leaders, onDone }: { unit: OrgUnit; leaders: Leader[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ leaders: LeaderRow[] }>();
  const postOptions = useMemo(() => PARTY_POSTS.map((p) => ({ value: p, label: t(`org.leadership.post_${p}`) })), [t]);
  const save = useWriteMutation({
    mutationFn: (body: LeadershipPut) => apiFetch<Leadership>(`/org-units/${unit.id}/leadership`, { method: 'PUT', body }),
    invalidate: [leadershipKey(unit.id)],
    successMessage: t('org.leadership.saved'),
    onSuccess: onDone,
  });
  return (
    <Form<{ leaders: LeaderRow[] }>
      form={form}
      layout="vertical"
      initialValues={{ leaders: leaders.map((l) => ({ ...l })) }}
      onFinish={(v) =>
        save.mutate({
          leaders: (v.leaders ?? [])
            .filter((l): l is LeaderRow & { personId: string } => !!l.personId)
            .map((l) => ({ personId: l.personId, partyPost: l.partyPost, dualResponsibility: (l.dualResponsibility ?? []).map((s) => s.trim()).filter(Boolean) })),
        })
      }
      data-testid="org-leadership-form"
    >
      <Form.List name="leaders">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Card key={field.key} size="small" style={{ marginBottom: 8 }} data-testid="org-leader-row">
                <Row gutter={[8, 0]} align="top">
                  <Col xs={24} sm={8}>
                    <Form.Item
                      name={[field.name, 'personId']}
                      label={t('org.leadership.person')}
                      rules={[
                        { required: true, message: t('common.required') },
                        ({ getFieldValue }) => ({
                          validator: (_, value: string | null) => {
                            const all = (getFieldValue('leaders') as LeaderRow[]).filter((l) => l?.personId === value);
                            return !value || all.length <= 1 ? Promise.resolve() : Promise.reject(new Error(t('org.leadership.duplicatePerson')));
                          },
                        }),
                      ]}
                      style={{ marginBottom: 8 }}
                    >
                      <PersonPicker initialLabel={form.getFieldValue(['leaders', field.name, 'personName']) as string | undefined} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={5}>
                    <Form.Item name={[field.name, 'partyPost']} label={t('org.leadership.post')} rules={[{ required: true, message: t('common.required') }]} style={{ marginBottom: 8 }}>
                      <Select options={postOptions} />
                    </Form.Item>
                  </Col>
                  <Col xs={20} sm={10}>
                    <Form.Item name={[field.name, 'dualResponsibility']} label={t('org.leadership.dualResponsibility')} style={{ marginBottom: 8 }}>
                      <Select mode="tags" placeholder={t('org.leadership.dualPlaceholder')} tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
                    </Form.Item>
                  </Col>
                  <Col xs={4} sm={1}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.delete')}
                      className="leader-remove"
                    />
                  </Col>
                </Row>
              </Card>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ personId: null, partyPost: fields.length === 0 ? 'secretary' : 'member', dualResponsibility: [] })}
              data-testid="org-leadership-add"
            >
              {t('org.leadership.add')}
            </Button>
          </>
        )}
      </Form.List>
      <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="org-leadership-save">
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}

/** 班子成员 of a unit with their party posts and 一岗双责 areas. */
export function LeadershipPanel({ unit }: { unit: OrgUnit }) {
  const { t } = useTranslation();
  const canWrite = useCan('org.write');
  const canReadPeople = useCan('people.read');
  const [editing, setEditing] = useState(false);
  const leadership = useQuery({
    queryKey: leadershipKey(unit.id),
    queryFn: () => apiFetch<Leadership>(`/org-units/${unit.id}/leadership`),
  });
  const leaders = useMemo(() => sortLeaders(leadership.data?.leaders ?? []), [leadership.data]);

  return (
    <Card
      title={t('org.leadership.title')}
      loading={leadership.isPending}
      extra={
        canWrite && !editing && !unit.closedAt && leadership.data ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="org-leadership-edit">
            {t('org.leadership.edit')}
          </Button>
        ) : null
      }
      data-testid="org-leadership"
    >
      {leadership.error ? (
        <ErrorResult error={leadership.error} onRetry={() => void leadership.refetch()} />
      ) : editing ? (
        <LeadershipEditor key={unit.id} unit={unit} leaders={leaders} onDone={() => setEditing(false)} />
      ) : leaders.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.leadership.empty')} />
      ) : (
        <div>
          {leaders.map((l, i) => (
            <div key={l.personId} className="leader-item" style={i ? { borderTop: '1px solid #f0f0f0' } : undefined} data-testid="org-leader">
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap>
                  {canReadPeople ? <Link to={`/people/${l.personId}`}>{l.personName}</Link> : <Typography.Text strong>{l.personName}</Typography.Text>}
                  <Tag color={POST_COLORS[l.partyPost]}>{t(`org.leadership.post_${l.partyPost}`)}</Tag>
                </Space>
                {l.dualResponsibility.length ? (
                  <Space wrap size={[4, 4]}>
                    <Typography.Text type="secondary">{t('org.leadership.dualResponsibility')}:</Typography.Text>
                    {l.dualResponsibility.map((area) => (
                      <Tag key={area} color="blue">
                        {area}
                      </Tag>
                    ))}
                  </Space>
                ) : null}
              </Space>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
