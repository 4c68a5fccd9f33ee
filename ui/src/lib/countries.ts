// ISO 3166-1 alpha-2 codes (officially assigned), the EEA and the Art. 45 adequacy list as in
// crates/cockpit-domain/src/geo.rs. Names come from Intl.DisplayNames in the chosen language.

export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/** The pseudo-country for an international organisation (Art. 30(1)(e)). */
export const INTERNATIONAL_ORGANISATION = 'INT';

export const EEA: readonly string[] = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
];

export const ADEQUATE: readonly string[] = [
  'AD', 'AR', 'CA', 'CH', 'FO', 'GB', 'GG', 'IL', 'IM', 'JP', 'JE', 'KR', 'NZ', 'UY', 'US',
];

export function isCountry(code: string): boolean {
  return code === INTERNATIONAL_ORGANISATION || COUNTRY_CODES.includes(code);
}

export function isThirdCountry(code: string): boolean {
  return code !== '' && !EEA.includes(code);
}

export function hasAdequacyDecision(code: string): boolean {
  return ADEQUATE.includes(code);
}

const displayNames = new Map<string, Intl.DisplayNames | null>();

/** "DE" -> "Germany" / "Alemania"; INT and unknown codes are handled by the caller's fallback. */
export function countryName(code: string, lang: string, international: string): string {
  if (code === INTERNATIONAL_ORGANISATION) return international;
  let dn = displayNames.get(lang);
  if (dn === undefined) {
    try {
      dn = new Intl.DisplayNames([lang], { type: 'region' });
    } catch {
      dn = null;
    }
    displayNames.set(lang, dn);
  }
  try {
    return dn?.of(code) ?? code;
  } catch {
    return code;
  }
}
