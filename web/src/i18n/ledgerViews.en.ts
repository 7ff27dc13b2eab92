import type { Dictionary } from './zh-CN';

// The "ledgerViews" part of the English dictionary.
export const ledgerViewsEn: Dictionary['ledgerViews'] = {
  title: 'ledgerViews',
};
