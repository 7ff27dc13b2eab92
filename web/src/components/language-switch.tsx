import { TranslationOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, type Language } from '../i18n';

/** 中文 / English switch; the choice is kept in localStorage. */
export function LanguageSwitch({ compact = false, dark = false }: { compact?: boolean; dark?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage();
  const label = (l: Language) => (l === 'zh-CN' ? t('lang.zh') : t('lang.en'));
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectedKeys: [i18n.language],
        items: (['zh-CN', 'en'] as const).map((l) => ({
          key: l,
          label: <span data-testid={`lang-${l}`}>{label(l)}</span>,
        })),
        onClick: ({ key }) => void changeLanguage(key as Language),
      }}
    >
      <Button
        type="text"
        icon={<TranslationOutlined />}
        aria-label={t('lang.label')}
        data-testid="lang-switch"
        style={dark ? { color: 'rgba(255,255,255,0.9)' } : undefined}
      >
        {compact ? null : label(lang)}
      </Button>
    </Dropdown>
  );
}
