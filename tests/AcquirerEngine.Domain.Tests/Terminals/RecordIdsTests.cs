using System.Globalization;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>Record ids and sale keys are stored (journal ids, state keys): their text must never change.</summary>
public sealed class RecordIdsTests
{
    public static TheoryData<uint, uint, int, int, int> Identities => new()
    {
        { 1, 123, 2026, 9, 30 },
        { 999_999, 999_999, 2026, 12, 31 },

        // Beyond six digits the number is written whole, and a year before 1000 is padded to four digits.
        { 1_234_567, 4_294_967_295, 999, 1, 2 },
        { 0, 0, 1, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public void Ids_and_keys_are_the_text_the_date_format_gives(uint batchNo, uint stan, int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);

        // The format the ids were first written with: the stored text every later build must reproduce.
        var key = string.Create(CultureInfo.InvariantCulture, $"{batchNo:D6}:{stan:D6}:{date:yyyy-MM-dd}");

        Assert.Equal(key, SaleKeys.Of(batchNo, stan, date));
        Assert.Equal($"sale:M1:T1:{key}", RecordIds.Sale("M1", "T1", batchNo, stan, date));
        Assert.Equal($"void:M1:T1:{key}", RecordIds.Void("M1", "T1", batchNo, stan, date));
        Assert.Equal($"reversal:M1:T1:{key}", RecordIds.Reversal("M1", "T1", batchNo, stan, date));
        Assert.Equal($"refund:M1:T1:{key}", RecordIds.Refund("M1", "T1", batchNo, stan, date));
        Assert.Equal($"orphan-reversal:M1:T1:{key}", RecordIds.OrphanReversal("M1", "T1", batchNo, stan, date));
    }

    [Fact]
    public void A_known_sale_id_keeps_its_text()
    {
        Assert.Equal(
            "sale:898310048161234:T0000001:000001:000123:2026-09-30",
            RecordIds.Sale("898310048161234", "T0000001", 1, 123, new DateOnly(2026, 9, 30)));
    }
}
