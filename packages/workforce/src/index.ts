export {
  LIVING_WAGE_RATES_FILE,
  isLondonLadCode,
  livingWageAreaSchema,
  livingWageRateOn,
  livingWageRateSchema,
  livingWageRates,
  parseLivingWageRates,
  type LivingWageArea,
  type LivingWageRate,
} from './living-wage';
export {
  suppressSmallCells,
  type SuppressionCell,
  type SuppressionEquation,
  type SuppressionResult,
} from './small-cell-suppression';
