import { Card, Empty, Progress, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Report } from './reports-api';

type Props = { report: Report; titleOf: (id: string) => string; onSelect: (id: string) => void };

/** The parser's quality findings: share of problems and causes, specificity, repeats from earlier years. */
export function QualityPanel({ report, titleOf, onSelect }: Props) {
  const { t } = useTranslation();
  const q = report.parsed.quality;
  const share = Math.round(q.problemCauseShare * 100);
  const chip = (id: string) => (
    <Tag key={id} style={{ cursor: 'pointer' }} onClick={() => onSelect(id)}>
      {titleOf(id)}
    </Tag>
  );
  return (
    <Card title={t('reports.quality.title')} size="small" className="report-pane" data-testid="report-quality">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <div data-testid="report-findings">
          {q.findings.length === 0 ? (
            <Typography.Text type="success">{t('reports.quality.noFindings')}</Typography.Text>
          ) : (
            q.findings.map((f, i) => (
              <div key={`${f.code}-${i}`} style={{ marginBottom: 8 }} data-testid="report-finding" data-code={f.code}>
                <Tag color={f.severity === 'warning' ? 'orange' : 'blue'}>{t(`reports.quality.severity.${f.severity}`)}</Tag>
                <span>{f.message}</span>
                {f.itemIds.length ? <div style={{ marginTop: 4 }}>{f.itemIds.map(chip)}</div> : null}
              </div>
            ))
          )}
        </div>
        <div>
          <Typography.Text strong>{t('reports.quality.share')}</Typography.Text>
          <Progress percent={share} status={share < 50 ? 'exception' : 'normal'} strokeColor={share < 50 ? undefined : '#52a86a'} data-testid="report-share" />
          <Typography.Text type="secondary">{t('reports.quality.shareHint')}</Typography.Text>
        </div>
        {q.repeats.length ? (
          <div data-testid="report-repeats">
            <Typography.Text strong>{t('reports.quality.repeats')}</Typography.Text>
            {q.repeats.map((r) => {
              const earlier = report.earlierProblems[r.earlierIndex];
              return (
                <div key={`${r.problemId}-${r.earlierIndex}`} style={{ marginTop: 4 }}>
                  {chip(r.problemId)}
                  <Typography.Text type="secondary">
                    {t('reports.quality.repeatOf', { year: earlier?.year ?? '—', title: earlier?.title ?? r.earlierTitle, score: r.score.toFixed(2) })}
                  </Typography.Text>
                </div>
              );
            })}
          </div>
        ) : null}
        <div>
          <Typography.Text strong>{t('reports.quality.specificity')}</Typography.Text>
          {q.specificity.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <Table
              size="small"
              rowKey="problemId"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={q.specificity}
              style={{ marginTop: 4 }}
              columns={[
                { key: 'title', title: t('reports.part.problem'), render: (_: unknown, s) => <a onClick={() => onSelect(s.problemId)}>{titleOf(s.problemId)}</a> },
                { key: 'score', title: '', width: 120, render: (_: unknown, s) => <Progress percent={Math.round(s.score * 100)} size="small" status={s.score < 0.4 ? 'exception' : 'normal'} /> },
                { key: 'posts', title: t('reports.quality.posts'), render: (_: unknown, s) => s.posts.join('、') || '—' },
                { key: 'figures', title: t('reports.quality.figures'), render: (_: unknown, s) => s.figures.join('、') || '—' },
                { key: 'examples', title: t('reports.quality.examples'), dataIndex: 'exampleCount' },
                { key: 'stock', title: t('reports.quality.stock'), render: (_: unknown, s) => s.stockPhrases.join('、') || '—' },
              ]}
            />
          )}
        </div>
      </Space>
    </Card>
  );
}
