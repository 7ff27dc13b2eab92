import type { Dictionary } from './zh-CN';

// The "notify" part of the English dictionary.
export const notifyEn: Dictionary['notify'] = {
  title: 'notify',
};
