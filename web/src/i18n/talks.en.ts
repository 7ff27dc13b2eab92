import type { Dictionary } from './zh-CN';

// The "talks" part of the English dictionary.
export const talksEn: Dictionary['talks'] = {
  title: 'talks',
};
