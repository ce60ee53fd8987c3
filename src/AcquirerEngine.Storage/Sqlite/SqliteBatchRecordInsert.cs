using System.Globalization;
using System.Text;

namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// The text and parameter names of a multi-row INSERT of journal records, one per row count up to <see cref="MaxRows"/>,
/// built once. Parameter 0 is $now (shared by every row), then <see cref="ParametersPerRow"/> per row, in column order.
/// </summary>
internal static class SqliteBatchRecordInsert
{
    /// <summary>Rows per statement: 6 parameters per row stay far below SQLite's limit, and 32 rows already cut the per-statement overhead 32-fold.</summary>
    public const int MaxRows = 32;

    public const int ParametersPerRow = 6;

    private static readonly string[] Texts = new string[MaxRows + 1];
    private static readonly string[][] Names = new string[MaxRows + 1][];

    static SqliteBatchRecordInsert()
    {
        for (var rows = 1; rows <= MaxRows; rows++)
        {
            var sql = new StringBuilder("INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version) VALUES ");
            var names = new List<string> { "$now" };
            for (var row = 0; row < rows; row++)
            {
                var n = row.ToString(CultureInfo.InvariantCulture);
                sql.Append(row == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"($t{n}, $k{n}, $r{n}, $c{n}, $p{n}, $now, $v{n})");
                names.AddRange([$"$t{n}", $"$k{n}", $"$r{n}", $"$c{n}", $"$p{n}", $"$v{n}"]);
            }

            Texts[rows] = sql.Append(';').ToString();
            Names[rows] = [.. names];
        }
    }

    public static string Sql(int rows) => Texts[rows];

    public static string[] ParameterNames(int rows) => Names[rows];
}
