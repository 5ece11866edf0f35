import Type, { type Static } from 'typebox';

/** How the tenant's customers are matched across channels (`identity_settings`). */
export const IdentitySettingsBody = Type.Object(
  {
    phoneRegion: Type.String({
      pattern: '^[A-Za-z]{2}$',
      description: 'ISO 3166-1 region of numbers typed without a country code, e.g. "US" reads (415) 555-0134 as +14155550134',
    }),
    mergeEmailAliases: Type.Boolean({ description: 'Match jane+orders@x.com as jane@x.com and ignore dots in Gmail addresses' }),
  },
  { additionalProperties: false },
);
export type IdentitySettingsBody = Static<typeof IdentitySettingsBody>;
