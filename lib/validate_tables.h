/*
 * validate_tables.h - data tables for validate.c (included once, by it).
 *
 * Static, read-only data. The IBAN table follows the SWIFT IBAN Registry
 * (release 100, 89 countries); the ISO 3166-1 list comes from the iso-codes
 * project (ISO 3166 Maintenance Agency list, 249 codes); the E.164 country
 * calling codes and their possible national number lengths come from
 * libphonenumber's PhoneNumberMetadata.xml (generalDesc/possibleLengths,
 * release 8.12.57), which follows the ITU-T list of assigned codes.
 * The phone and ISO tables were extracted by a script from those sources
 * (Debian python3-phonenumbers, iso-codes); edit them by hand only to
 * follow a newer release of the same sources.
 */
#ifndef COMPLY_VALIDATE_TABLES_H
#define COMPLY_VALIDATE_TABLES_H

#include <stdint.h>

/* ------------------------------------------------------------------ IBAN */

/*
 * One IBAN country: its code and its BBAN structure in the registry's
 * notation without the "!" (every length is fixed): "5n5n11c2n" is 5 digits,
 * 5 digits, 11 alphanumerics, 2 digits. n = digits, a = upper-case letters,
 * c = letters or digits. IBAN length = 4 + the BBAN length.
 * Source: SWIFT, IBAN Registry (ISO 13616), "BBAN structure" rows,
 * https://www.swift.com/standards/data-standards/iban-international-bank-account-number
 */
typedef struct iban_country {
    char code[3];
    const char *bban;
} iban_country;

/* Sorted by code (binary search). */
static const iban_country iban_countries[] = {
    { "AD", "4n4n12c" },
    { "AE", "3n16n" },
    { "AL", "8n16c" },
    { "AT", "5n11n" },
    { "AZ", "4a20c" },
    { "BA", "3n3n8n2n" },
    { "BE", "3n7n2n" },
    { "BG", "4a4n2n8c" },
    { "BH", "4a14c" },
    { "BI", "5n5n11n2n" },
    { "BR", "8n5n10n1a1c" },
    { "BY", "4c4n16c" },
    { "CH", "5n12c" },
    { "CR", "4n14n" },
    { "CY", "3n5n16c" },
    { "CZ", "4n6n10n" },
    { "DE", "8n10n" },
    { "DJ", "5n5n11n2n" },
    { "DK", "4n9n1n" },
    { "DO", "4c20n" },
    { "EE", "2n2n11n1n" },
    { "EG", "4n4n17n" },
    { "ES", "4n4n1n1n10n" },
    { "FI", "3n11n" },
    { "FK", "2a12n" },
    { "FO", "4n9n1n" },
    { "FR", "5n5n11c2n" },
    { "GB", "4a6n8n" },
    { "GE", "2a16n" },
    { "GI", "4a15c" },
    { "GL", "4n9n1n" },
    { "GR", "3n4n16c" },
    { "GT", "4c20c" },
    { "HN", "4a20n" },
    { "HR", "7n10n" },
    { "HU", "3n4n1n15n1n" },
    { "IE", "4a6n8n" },
    { "IL", "3n3n13n" },
    { "IQ", "4a3n12n" },
    { "IS", "4n2n6n10n" },
    { "IT", "1a5n5n12c" },
    { "JO", "4a4n18c" },
    { "KW", "4a22c" },
    { "KZ", "3n13c" },
    { "LB", "4n20c" },
    { "LC", "4a24c" },
    { "LI", "5n12c" },
    { "LT", "5n11n" },
    { "LU", "3n13c" },
    { "LV", "4a13c" },
    { "LY", "3n3n15n" },
    { "MC", "5n5n11c2n" },
    { "MD", "2c18c" },
    { "ME", "3n13n2n" },
    { "MK", "3n10c2n" },
    { "MN", "4n12n" },
    { "MR", "5n5n11n2n" },
    { "MT", "4a5n18c" },
    { "MU", "4a2n2n12n3n3a" },
    { "NI", "4a20n" },
    { "NL", "4a10n" },
    { "NO", "4n6n1n" },
    { "OM", "3n16c" },
    { "PK", "4a16c" },
    { "PL", "8n16n" },
    { "PS", "4a21c" },
    { "PT", "4n4n11n2n" },
    { "QA", "4a21c" },
    { "RO", "4a16c" },
    { "RS", "3n13n2n" },
    { "RU", "9n5n15c" },
    { "SA", "2n18c" },
    { "SC", "4a2n2n16n3a" },
    { "SD", "2n12n" },
    { "SE", "3n16n1n" },
    { "SI", "5n8n2n" },
    { "SK", "4n6n10n" },
    { "SM", "1a5n5n12c" },
    { "SO", "4n3n12n" },
    { "ST", "4n4n11n2n" },
    { "SV", "4a20n" },
    { "TL", "3n14n2n" },
    { "TN", "2n3n13n2n" },
    { "TR", "5n1n16c" },
    { "UA", "6n19c" },
    { "VA", "3n15n" },
    { "VG", "4a16n" },
    { "XK", "4n10n2n" },
    { "YE", "4a4n18c" },
};

/* ------------------------------------------------------- ISO 3166-1 alpha-2 */

/* Officially assigned ISO 3166-1 alpha-2 codes, sorted (binary search). */
static const char iso3166_alpha2[][3] = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT",
    "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI",
    "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
    "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
    "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
    "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL",
    "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
    "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
    "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS",
    "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW",
    "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP",
    "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
    "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
    "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};

/* ------------------------------------------------------------ E.164 codes */

/*
 * One country calling code: the possible lengths of a national significant
 * number as a bit mask (bit n set: n digits possible) and the ISO 3166-1
 * code of the country that owns the code, NULL for the global services
 * (+800, +808, +870, +878, +881, +882, +883, +888, +979). When several
 * countries share a code, `region` is libphonenumber's main country for it
 * and phone_prefixes below names the others by leading digits.
 * Sources: ITU-T E.164 and its Annex "List of ITU-T Recommendation E.164
 * assigned country codes"; lengths from libphonenumber metadata.
 */
typedef struct phone_code {
    uint16_t cc;
    uint32_t lengths;
    const char *region;
} phone_code;

/* Sorted by cc (binary search). */
static const phone_code phone_codes[] = {
    { 1, 0x00400u, "US" }, /* 10; NANP NPA-NXX-XXXX, 25 countries: see phone_prefixes */
    { 7, 0x04400u, "RU" }, /* 10,14; also KZ */
    { 20, 0x00700u, "EG" }, /* 8,9,10 */
    { 27, 0x007e0u, "ZA" }, /* 5,6,7,8,9,10 */
    { 30, 0x01c00u, "GR" }, /* 10,11,12 */
    { 31, 0x00fe0u, "NL" }, /* 5,6,7,8,9,10,11 */
    { 32, 0x00300u, "BE" }, /* 8,9 */
    { 33, 0x00200u, "FR" }, /* 9 */
    { 34, 0x00200u, "ES" }, /* 9 */
    { 36, 0x00300u, "HU" }, /* 8,9 */
    { 39, 0x01fc0u, "IT" }, /* 6,7,8,9,10,11,12; also VA */
    { 40, 0x00240u, "RO" }, /* 6,9 */
    { 41, 0x01200u, "CH" }, /* 9,12 */
    { 43, 0x03ff0u, "AT" }, /* 4,5,6,7,8,9,10,11,12,13 */
    { 44, 0x00680u, "GB" }, /* 7,9,10; also GG IM JE */
    { 45, 0x00100u, "DK" }, /* 8 */
    { 46, 0x017c0u, "SE" }, /* 6,7,8,9,10,12 */
    { 47, 0x00120u, "NO" }, /* 5,8; also SJ */
    { 48, 0x007c0u, "PL" }, /* 6,7,8,9,10 */
    { 49, 0x0fff0u, "DE" }, /* 4,5,6,7,8,9,10,11,12,13,14,15 */
    { 51, 0x00300u, "PE" }, /* 8,9 */
    { 52, 0x00c00u, "MX" }, /* 10,11 */
    { 53, 0x005c0u, "CU" }, /* 6,7,8,10 */
    { 54, 0x00c00u, "AR" }, /* 10,11 */
    { 55, 0x00f00u, "BR" }, /* 8,9,10,11 */
    { 56, 0x00e00u, "CL" }, /* 9,10,11 */
    { 57, 0x00c00u, "CO" }, /* 10,11 */
    { 58, 0x00400u, "VE" }, /* 10 */
    { 60, 0x00700u, "MY" }, /* 8,9,10 */
    { 61, 0x017e0u, "AU" }, /* 5,6,7,8,9,10,12; also CC CX */
    { 62, 0x03f80u, "ID" }, /* 7,8,9,10,11,12,13 */
    { 63, 0x03f40u, "PH" }, /* 6,8,9,10,11,12,13 */
    { 64, 0x007e0u, "NZ" }, /* 5,6,7,8,9,10 */
    { 65, 0x00d00u, "SG" }, /* 8,10,11 */
    { 66, 0x02700u, "TH" }, /* 8,9,10,13 */
    { 81, 0x3ff00u, "JP" }, /* 8,9,10,11,12,13,14,15,16,17 */
    { 82, 0x07f60u, "KR" }, /* 5,6,8,9,10,11,12,13,14 */
    { 84, 0x00780u, "VN" }, /* 7,8,9,10 */
    { 86, 0x01f80u, "CN" }, /* 7,8,9,10,11,12 */
    { 90, 0x03480u, "TR" }, /* 7,10,12,13 */
    { 91, 0x03f00u, "IN" }, /* 8,9,10,11,12,13 */
    { 92, 0x01f00u, "PK" }, /* 8,9,10,11,12 */
    { 93, 0x00200u, "AF" }, /* 9 */
    { 94, 0x00200u, "LK" }, /* 9 */
    { 95, 0x007c0u, "MM" }, /* 6,7,8,9,10 */
    { 98, 0x004f0u, "IR" }, /* 4,5,6,7,10 */
    { 211, 0x00200u, "SS" }, /* 9 */
    { 212, 0x00200u, "MA" }, /* 9; also EH */
    { 213, 0x00300u, "DZ" }, /* 8,9 */
    { 216, 0x00100u, "TN" }, /* 8 */
    { 218, 0x00200u, "LY" }, /* 9 */
    { 220, 0x00080u, "GM" }, /* 7 */
    { 221, 0x00200u, "SN" }, /* 9 */
    { 222, 0x00100u, "MR" }, /* 8 */
    { 223, 0x00100u, "ML" }, /* 8 */
    { 224, 0x00300u, "GN" }, /* 8,9 */
    { 225, 0x00400u, "CI" }, /* 10 */
    { 226, 0x00100u, "BF" }, /* 8 */
    { 227, 0x00100u, "NE" }, /* 8 */
    { 228, 0x00100u, "TG" }, /* 8 */
    { 229, 0x00100u, "BJ" }, /* 8 */
    { 230, 0x00580u, "MU" }, /* 7,8,10 */
    { 231, 0x00380u, "LR" }, /* 7,8,9 */
    { 232, 0x00100u, "SL" }, /* 8 */
    { 233, 0x00300u, "GH" }, /* 8,9 */
    { 234, 0x07d80u, "NG" }, /* 7,8,10,11,12,13,14 */
    { 235, 0x00100u, "TD" }, /* 8 */
    { 236, 0x00100u, "CF" }, /* 8 */
    { 237, 0x00300u, "CM" }, /* 8,9 */
    { 238, 0x00080u, "CV" }, /* 7 */
    { 239, 0x00080u, "ST" }, /* 7 */
    { 240, 0x00200u, "GQ" }, /* 9 */
    { 241, 0x00180u, "GA" }, /* 7,8 */
    { 242, 0x00200u, "CG" }, /* 9 */
    { 243, 0x00280u, "CD" }, /* 7,9 */
    { 244, 0x00200u, "AO" }, /* 9 */
    { 245, 0x00280u, "GW" }, /* 7,9 */
    { 246, 0x00080u, "IO" }, /* 7 */
    { 247, 0x00060u, "AC" }, /* 5,6 */
    { 248, 0x00080u, "SC" }, /* 7 */
    { 249, 0x00200u, "SD" }, /* 9 */
    { 250, 0x00300u, "RW" }, /* 8,9 */
    { 251, 0x00200u, "ET" }, /* 9 */
    { 252, 0x003c0u, "SO" }, /* 6,7,8,9 */
    { 253, 0x00100u, "DJ" }, /* 8 */
    { 254, 0x00780u, "KE" }, /* 7,8,9,10 */
    { 255, 0x00200u, "TZ" }, /* 9 */
    { 256, 0x00200u, "UG" }, /* 9 */
    { 257, 0x00100u, "BI" }, /* 8 */
    { 258, 0x00300u, "MZ" }, /* 8,9 */
    { 260, 0x00200u, "ZM" }, /* 9 */
    { 261, 0x00200u, "MG" }, /* 9 */
    { 262, 0x00200u, "RE" }, /* 9; also YT */
    { 263, 0x007e0u, "ZW" }, /* 5,6,7,8,9,10 */
    { 264, 0x00300u, "NA" }, /* 8,9 */
    { 265, 0x00280u, "MW" }, /* 7,9 */
    { 266, 0x00100u, "LS" }, /* 8 */
    { 267, 0x00580u, "BW" }, /* 7,8,10 */
    { 268, 0x00300u, "SZ" }, /* 8,9 */
    { 269, 0x00080u, "KM" }, /* 7 */
    { 290, 0x00030u, "SH" }, /* 4,5; also TA */
    { 291, 0x00080u, "ER" }, /* 7 */
    { 297, 0x00080u, "AW" }, /* 7 */
    { 298, 0x00040u, "FO" }, /* 6 */
    { 299, 0x00040u, "GL" }, /* 6 */
    { 350, 0x00100u, "GI" }, /* 8 */
    { 351, 0x00200u, "PT" }, /* 9 */
    { 352, 0x00ff0u, "LU" }, /* 4,5,6,7,8,9,10,11 */
    { 353, 0x00780u, "IE" }, /* 7,8,9,10 */
    { 354, 0x00280u, "IS" }, /* 7,9 */
    { 355, 0x003c0u, "AL" }, /* 6,7,8,9 */
    { 356, 0x00100u, "MT" }, /* 8 */
    { 357, 0x00100u, "CY" }, /* 8 */
    { 358, 0x01fe0u, "FI" }, /* 5,6,7,8,9,10,11,12; also AX */
    { 359, 0x003c0u, "BG" }, /* 6,7,8,9 */
    { 370, 0x00100u, "LT" }, /* 8 */
    { 371, 0x00100u, "LV" }, /* 8 */
    { 372, 0x00580u, "EE" }, /* 7,8,10 */
    { 373, 0x00100u, "MD" }, /* 8 */
    { 374, 0x00100u, "AM" }, /* 8 */
    { 375, 0x00fc0u, "BY" }, /* 6,7,8,9,10,11 */
    { 376, 0x00340u, "AD" }, /* 6,8,9 */
    { 377, 0x00300u, "MC" }, /* 8,9 */
    { 378, 0x00500u, "SM" }, /* 8,10 */
    { 380, 0x00600u, "UA" }, /* 9,10 */
    { 381, 0x01fc0u, "RS" }, /* 6,7,8,9,10,11,12 */
    { 382, 0x00300u, "ME" }, /* 8,9 */
    { 383, 0x00300u, "XK" }, /* 8,9 */
    { 385, 0x003c0u, "HR" }, /* 6,7,8,9 */
    { 386, 0x001e0u, "SI" }, /* 5,6,7,8 */
    { 387, 0x00300u, "BA" }, /* 8,9 */
    { 389, 0x00100u, "MK" }, /* 8 */
    { 420, 0x01e00u, "CZ" }, /* 9,10,11,12 */
    { 421, 0x002c0u, "SK" }, /* 6,7,9 */
    { 423, 0x00280u, "LI" }, /* 7,9 */
    { 500, 0x00020u, "FK" }, /* 5 */
    { 501, 0x00880u, "BZ" }, /* 7,11 */
    { 502, 0x00900u, "GT" }, /* 8,11 */
    { 503, 0x00980u, "SV" }, /* 7,8,11 */
    { 504, 0x00900u, "HN" }, /* 8,11 */
    { 505, 0x00100u, "NI" }, /* 8 */
    { 506, 0x00500u, "CR" }, /* 8,10 */
    { 507, 0x00d80u, "PA" }, /* 7,8,10,11 */
    { 508, 0x00240u, "PM" }, /* 6,9 */
    { 509, 0x00100u, "HT" }, /* 8 */
    { 590, 0x00200u, "GP" }, /* 9; also BL MF */
    { 591, 0x00300u, "BO" }, /* 8,9 */
    { 592, 0x00080u, "GY" }, /* 7 */
    { 593, 0x00f00u, "EC" }, /* 8,9,10,11 */
    { 594, 0x00200u, "GF" }, /* 9 */
    { 595, 0x00fc0u, "PY" }, /* 6,7,8,9,10,11 */
    { 596, 0x00200u, "MQ" }, /* 9 */
    { 597, 0x000c0u, "SR" }, /* 6,7 */
    { 598, 0x00580u, "UY" }, /* 7,8,10 */
    { 599, 0x00180u, "CW" }, /* 7,8; also BQ */
    { 670, 0x00180u, "TL" }, /* 7,8 */
    { 672, 0x00040u, "NF" }, /* 6 */
    { 673, 0x00080u, "BN" }, /* 7 */
    { 674, 0x00080u, "NR" }, /* 7 */
    { 675, 0x00180u, "PG" }, /* 7,8 */
    { 676, 0x000a0u, "TO" }, /* 5,7 */
    { 677, 0x000a0u, "SB" }, /* 5,7 */
    { 678, 0x000a0u, "VU" }, /* 5,7 */
    { 679, 0x00880u, "FJ" }, /* 7,11 */
    { 680, 0x00080u, "PW" }, /* 7 */
    { 681, 0x00240u, "WF" }, /* 6,9 */
    { 682, 0x00020u, "CK" }, /* 5 */
    { 683, 0x00090u, "NU" }, /* 4,7 */
    { 685, 0x004e0u, "WS" }, /* 5,6,7,10 */
    { 686, 0x00120u, "KI" }, /* 5,8 */
    { 687, 0x00040u, "NC" }, /* 6 */
    { 688, 0x000e0u, "TV" }, /* 5,6,7 */
    { 689, 0x00340u, "PF" }, /* 6,8,9 */
    { 690, 0x000f0u, "TK" }, /* 4,5,6,7 */
    { 691, 0x00080u, "FM" }, /* 7 */
    { 692, 0x00080u, "MH" }, /* 7 */
    { 800, 0x00100u, NULL }, /* 8 */
    { 808, 0x00100u, NULL }, /* 8 */
    { 850, 0x00500u, "KP" }, /* 8,10 */
    { 852, 0x00be0u, "HK" }, /* 5,6,7,8,9,11 */
    { 853, 0x00180u, "MO" }, /* 7,8 */
    { 855, 0x00700u, "KH" }, /* 8,9,10 */
    { 856, 0x00700u, "LA" }, /* 8,9,10 */
    { 870, 0x01200u, NULL }, /* 9,12 */
    { 878, 0x01000u, NULL }, /* 12 */
    { 880, 0x007c0u, "BD" }, /* 6,7,8,9,10 */
    { 881, 0x00200u, NULL }, /* 9 */
    { 882, 0x01f80u, NULL }, /* 7,8,9,10,11,12 */
    { 883, 0x01600u, NULL }, /* 9,10,12 */
    { 886, 0x00f80u, "TW" }, /* 7,8,9,10,11 */
    { 888, 0x00800u, NULL }, /* 11 */
    { 960, 0x00480u, "MV" }, /* 7,10 */
    { 961, 0x00180u, "LB" }, /* 7,8 */
    { 962, 0x00300u, "JO" }, /* 8,9 */
    { 963, 0x00300u, "SY" }, /* 8,9 */
    { 964, 0x00700u, "IQ" }, /* 8,9,10 */
    { 965, 0x00180u, "KW" }, /* 7,8 */
    { 966, 0x00600u, "SA" }, /* 9,10 */
    { 967, 0x00380u, "YE" }, /* 7,8,9 */
    { 968, 0x00380u, "OM" }, /* 7,8,9 */
    { 970, 0x00700u, "PS" }, /* 8,9,10 */
    { 971, 0x01fe0u, "AE" }, /* 5,6,7,8,9,10,11,12 */
    { 972, 0x01f80u, "IL" }, /* 7,8,9,10,11,12 */
    { 973, 0x00100u, "BH" }, /* 8 */
    { 974, 0x00380u, "QA" }, /* 7,8,9 */
    { 975, 0x00180u, "BT" }, /* 7,8 */
    { 976, 0x00700u, "MN" }, /* 8,9,10 */
    { 977, 0x00d00u, "NP" }, /* 8,10,11 */
    { 979, 0x00200u, NULL }, /* 9 */
    { 992, 0x00200u, "TJ" }, /* 9 */
    { 993, 0x00100u, "TM" }, /* 8 */
    { 994, 0x00200u, "AZ" }, /* 9 */
    { 995, 0x00200u, "GE" }, /* 9 */
    { 996, 0x00600u, "KG" }, /* 9,10 */
    { 998, 0x00200u, "UZ" }, /* 9 */
};

/*
 * Countries that share a calling code with its main country, told apart by
 * the leading digits of the national number (libphonenumber leadingDigits;
 * for +1, the NANP area codes that libphonenumber's number patterns give to
 * countries other than the United States, plus the Canadian codes 354, 382,
 * 683 and 879 opened since that release). Any other +1 area code is "US".
 * Jersey and Guernsey (+44) have no simple prefix and report as "GB".
 */
typedef struct phone_prefix {
    uint16_t cc;
    const char *prefix;
    const char *region;
} phone_prefix;

static const phone_prefix phone_prefixes[] = {
    { 1, "268", "AG" },
    { 1, "264", "AI" },
    { 1, "684", "AS" },
    { 1, "246", "BB" },
    { 1, "441", "BM" },
    { 1, "242", "BS" },
    { 1, "204", "CA" }, { 1, "226", "CA" }, { 1, "236", "CA" }, { 1, "249", "CA" },
    { 1, "250", "CA" }, { 1, "263", "CA" }, { 1, "289", "CA" }, { 1, "306", "CA" },
    { 1, "343", "CA" }, { 1, "354", "CA" }, { 1, "365", "CA" }, { 1, "367", "CA" },
    { 1, "368", "CA" }, { 1, "382", "CA" }, { 1, "403", "CA" }, { 1, "416", "CA" },
    { 1, "418", "CA" }, { 1, "431", "CA" }, { 1, "437", "CA" }, { 1, "438", "CA" },
    { 1, "450", "CA" }, { 1, "468", "CA" }, { 1, "474", "CA" }, { 1, "506", "CA" },
    { 1, "514", "CA" }, { 1, "519", "CA" }, { 1, "548", "CA" }, { 1, "579", "CA" },
    { 1, "581", "CA" }, { 1, "584", "CA" }, { 1, "587", "CA" }, { 1, "600", "CA" },
    { 1, "604", "CA" }, { 1, "613", "CA" }, { 1, "622", "CA" }, { 1, "639", "CA" },
    { 1, "647", "CA" }, { 1, "672", "CA" }, { 1, "683", "CA" }, { 1, "705", "CA" },
    { 1, "709", "CA" }, { 1, "742", "CA" }, { 1, "753", "CA" }, { 1, "778", "CA" },
    { 1, "780", "CA" }, { 1, "782", "CA" }, { 1, "807", "CA" }, { 1, "819", "CA" },
    { 1, "825", "CA" }, { 1, "867", "CA" }, { 1, "873", "CA" }, { 1, "879", "CA" },
    { 1, "902", "CA" }, { 1, "905", "CA" },
    { 1, "767", "DM" },
    { 1, "809", "DO" }, { 1, "829", "DO" }, { 1, "849", "DO" },
    { 1, "473", "GD" },
    { 1, "671", "GU" },
    { 1, "658", "JM" }, { 1, "876", "JM" },
    { 1, "869", "KN" },
    { 1, "345", "KY" },
    { 1, "758", "LC" },
    { 1, "670", "MP" },
    { 1, "664", "MS" },
    { 1, "787", "PR" }, { 1, "939", "PR" },
    { 1, "721", "SX" },
    { 1, "649", "TC" },
    { 1, "868", "TT" },
    { 1, "784", "VC" },
    { 1, "284", "VG" },
    { 1, "340", "VI" },
    { 7, "33", "KZ" }, { 7, "7", "KZ" },
    { 39, "06698", "VA" },
    { 44, "1624", "IM" }, { 44, "74576", "IM" }, { 44, "7524", "IM" }, { 44, "7624", "IM" },
    { 47, "79", "SJ" },
    { 212, "5288", "EH" }, { 212, "5289", "EH" },
    { 290, "8", "TA" },
    { 358, "18", "AX" },
    { 599, "3", "BQ" }, { 599, "4", "BQ" }, { 599, "7", "BQ" },
};

#endif /* COMPLY_VALIDATE_TABLES_H */
