import { indicatorSettingsSchema, type IndicatorSettingsInput } from '@cwb/contracts';
import { compileExclusionFlags, resolveExclusions, type CompiledExclusionFlags } from './exclusions';

/** The indicator settings as the model SQL needs them (compiled from the config's `indicators:`). */
export interface BuildSettings {
  baselineYear: string | undefined;
  topN: number;
  minMatchConfidence: number;
  flags: CompiledExclusionFlags;
  excludedFlags: string[];
}

/** The build settings of the config's `indicators:` section (defaults where it is silent). */
export function buildSettings(input: IndicatorSettingsInput = {}): BuildSettings {
  const settings = indicatorSettingsSchema.parse(input);
  const exclusions = resolveExclusions(settings.exclusions);
  return {
    baselineYear: settings.baseline_year,
    topN: settings.top_suppliers,
    minMatchConfidence: settings.min_match_confidence,
    flags: compileExclusionFlags(exclusions.rules),
    excludedFlags: exclusions.excludedFlags,
  };
}

export function defaultBuildSettings(): BuildSettings {
  return buildSettings({});
}
