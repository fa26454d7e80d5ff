/**
 * The data-quality rules (DQDL) of the sample use case, defect prediction per
 * part — shipped inside the package (the pipelines write them where the
 * gatekeeper reads them). Kept as a module so the compiled package carries it.
 */
export const DEFECTS_DQDL = `# Data-quality gate of the sample use case: defect prediction per part.
#
# The daily extract holds one row per part and production date:
#   part_name          part number, e.g. PRT-0042 (the primary key of the mapping JSON)
#   date               production date
#   defect_count       defective units that day (the label)
#   production_volume  units produced that day
#   temperature        line temperature, degrees Celsius
#   humidity           relative humidity, percent
#   line_speed         units per minute
#   shift              A, B or C
#   plant_id           plant of the line
#
# The training and inference pipelines evaluate these rules before
# preprocessing and write the results to <dq_athena_db>.dqresults; the
# gatekeeper stops the run when this source's latest dq_overall_status is
# Failed.
#
# In DQDL, "between a and b" excludes both bounds. ColumnValues rules fail on
# NULL (except != and not in), so measures that may be missing use
# "with threshold" in step with their Completeness rule.
Rules = [
    # Volume and shape: enough history to train on, and the columns the
    # preprocessing job reads.
    RowCount > 100,
    ColumnCount >= 9,
    ColumnExists "part_name",
    ColumnExists "date",
    ColumnExists "defect_count",
    ColumnExists "production_volume",

    # Keys: always present, well formed, one row per part and date.
    IsComplete "part_name",
    IsComplete "date",
    ColumnValues "part_name" matches "[A-Z]{3}-[0-9]{4}",
    CustomSql "select count(*) from (select part_name, date from primary group by part_name, date having count(*) > 1)" = 0,
    DistinctValuesCount "part_name" >= 10,
    ColumnValues "date" > "2015-01-01",
    ColumnValues "date" <= now(),

    # The label and the volume it is relative to.
    IsComplete "defect_count",
    Completeness "production_volume" >= 0.99,
    ColumnValues "defect_count" >= 0,
    ColumnValues "production_volume" > 0 with threshold >= 0.99,
    CustomSql "select count(*) from primary where defect_count > production_volume" = 0,
    Mean "defect_count" between 0 and 50,

    # Process measures: mostly present, within the sensors' physical range.
    Completeness "temperature" > 0.95,
    Completeness "humidity" > 0.95,
    Completeness "line_speed" > 0.95,
    ColumnValues "temperature" between -20 and 80 with threshold >= 0.95,
    (ColumnValues "humidity" >= 0 with threshold >= 0.95) and (ColumnValues "humidity" <= 100 with threshold >= 0.95),
    ColumnValues "line_speed" between 0 and 400 with threshold >= 0.95,
    StandardDeviation "temperature" < 15,

    # Categories.
    ColumnValues "shift" in ["A", "B", "C"],
    Completeness "plant_id" >= 0.99
]
`;
