import { z } from 'zod';
import { lineageSchema } from './ap-transaction';

/** The tenure an asset is held on (Local Government Transparency Code `TenureType`), as mapped from the register's own words. */
export const landTenureSchema = z.enum(['freehold', 'leasehold', 'other']);
export type LandTenure = z.infer<typeof landTenureSchema>;

/**
 * How the asset is used now (LGTC `TenureDetail`, mapped): occupied by the anchor itself,
 * vacant, leased or licensed out to another body, leased in, or something else.
 */
export const landUseStatusSchema = z.enum(['occupied', 'vacant', 'leased_out', 'licensed_out', 'leased_in', 'other']);
export type LandUseStatus = z.infer<typeof landUseStatusSchema>;

/** What is held (LGTC `HoldingType`, mapped): land, a building, both, or a non-land asset (a chattel such as a kiosk or art). */
export const landHoldingKindSchema = z.enum(['land', 'building', 'land_and_building', 'non_land']);
export type LandHoldingKind = z.infer<typeof landHoldingKindSchema>;

/** The coordinate reference system of geo_x / geo_y. */
export const coordinateSystemSchema = z.enum(['wgs84', 'bng']);

/**
 * The canonical land or property asset: one row of an anchor's land and assets register (the
 * Local Government Transparency Code layout and its variants), whatever the publisher's
 * columns. Grain: one row per register record that parsed as an asset, per register (source
 * file): two registers of the same anchor are two snapshots. Areas are in square metres
 * (buildings) and hectares (land), as the Code asks.
 */
export const landAssetRecordSchema = z.object({
  anchor_id: z.string().min(1),
  register_date: z.iso.date().describe('The date the register describes: set on the source, else the latest effective date in the file'),
  effective_date: z.iso.date().nullable().describe("The row's own effective date, when the register gives one"),
  uprn: z.string().regex(/^[1-9]\d{0,11}$/, 'a UPRN of 1 to 12 digits without leading zeros').nullable().describe('Unique Property Reference Number, leading zeros dropped'),
  asset_code: z.string().nullable().describe("The publisher's own asset reference"),
  property_name: z.string().nullable(),
  address: z.string().nullable().describe('Street address as one line (line breaks become commas)'),
  post_town: z.string().nullable(),
  postcode: z.string().nullable().describe('Full postcode, normalised; null when the register gives none or only the outward code'),
  postcode_district: z.string().nullable().describe('Outward code (WA15), from a full or an outward-only postcode'),
  coordinate_system: coordinateSystemSchema.nullable(),
  geo_x: z.number().nullable().describe('Longitude (wgs84) or easting (bng)'),
  geo_y: z.number().nullable().describe('Latitude (wgs84) or northing (bng)'),
  tenure: landTenureSchema.nullable(),
  tenure_text: z.string().nullable().describe('TenureType as published'),
  use_status: landUseStatusSchema.nullable(),
  use_text: z.string().nullable().describe('TenureDetail as published'),
  holding_kind: landHoldingKindSchema.nullable(),
  holding_text: z.string().nullable().describe('HoldingType as published'),
  other_detail: z.string().nullable().describe('OtherDetail as published (school, allotments, management agreement …)'),
  building_size_m2: z.number().nonnegative().nullable().describe('Building floor area in square metres'),
  land_area_ha: z.number().nonnegative().nullable().describe('Land area in hectares'),
  is_vacant: z.boolean().nullable().describe('Vacant; null when the use is not given'),
  is_leased_out: z.boolean().nullable().describe('Leased or licensed out to another body; null when the use is not given'),
  is_surplus: z.boolean().nullable().describe('Declared surplus by the register (a holding type or a surplus column); null when the register cannot say'),
  energy_rating: z.string().nullable(),
});
export type LandAssetRecord = z.infer<typeof landAssetRecordSchema>;

export const stagedLandAssetRecordSchema = landAssetRecordSchema.extend(lineageSchema.shape);
export type StagedLandAssetRecord = z.infer<typeof stagedLandAssetRecordSchema>;
