import type { HomeLocationStatus, WorkforceRecord } from '@cwb/contracts';
import { ReferenceReader, type PostcodeLocation } from '@cwb/reference';

export type HomeLocation = Pick<
  WorkforceRecord,
  'home_location_status' | 'home_lsoa_code' | 'home_lad_code' | 'home_region_code' | 'home_country_code' | 'home_imd_decile' | 'home_imd_nation'
>;

const unlocated = (status: HomeLocationStatus): HomeLocation => ({
  home_location_status: status,
  home_lsoa_code: null,
  home_lad_code: null,
  home_region_code: null,
  home_country_code: null,
  home_imd_decile: null,
  home_imd_nation: null,
});

/**
 * Resolves home postcodes to areas against the run's read-only postcode reference, a batch at
 * a time (distinct postcodes only). The postcodes stay in this process's memory for the batch
 * and are never returned: callers get areas only.
 */
export class HomeLocator {
  private constructor(private readonly reader: ReferenceReader | null) {}

  /** `referencePath` null: no reference is loaded, every home location is `no_reference`. */
  static async open(referencePath: string | null): Promise<HomeLocator> {
    return new HomeLocator(referencePath ? await ReferenceReader.open(referencePath, { threads: 1 }) : null);
  }

  get hasReference(): boolean {
    return this.reader !== null;
  }

  /** Areas for normalised postcodes, in the same order (null → no postcode given). */
  async locate(postcodes: readonly (string | null)[]): Promise<HomeLocation[]> {
    if (!this.reader) return postcodes.map((postcode) => unlocated(postcode === null ? 'no_postcode' : 'no_reference'));
    const distinct = [...new Set(postcodes.filter((postcode): postcode is string => postcode !== null))];
    const found: Map<string, PostcodeLocation> = distinct.length > 0 ? await this.reader.locate(distinct) : new Map();
    return postcodes.map((postcode) => {
      if (postcode === null) return unlocated('no_postcode');
      const location = found.get(postcode);
      if (!location) return unlocated('not_in_reference');
      if (location.status === 'no_area') return unlocated('no_area');
      return {
        home_location_status: 'located',
        home_lsoa_code: location.lsoa_code,
        home_lad_code: location.lad_code,
        home_region_code: location.region_code,
        home_country_code: location.country_code,
        home_imd_decile: location.imd_decile,
        home_imd_nation: location.imd_nation,
      };
    });
  }

  close(): void {
    this.reader?.close();
  }
}
