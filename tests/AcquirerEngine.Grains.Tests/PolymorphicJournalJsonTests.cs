using System.Text;
using System.Text.Json;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Risk;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;

namespace AcquirerEngine.Grains.Tests;

/// <summary>
/// The journals write an event's payload by splicing its type's discriminator onto the event's own members
/// (PolymorphicJournalJson): every payload must stay byte for byte what the serializer writes through the base
/// type, for the first event of a type (when the splice is learned) and every later one.
/// </summary>
public sealed class PolymorphicJournalJsonTests
{
    private static readonly DateTime SaleTime = new(2026, 11, 17, 10, 0, 0);

    [Fact]
    public void A_sale_record_is_the_serializers_bytes_first_and_later()
    {
        for (uint stan = 1; stan <= 3; stan++)
        {
            var sale = Sale(stan, $"tok_{stan}");

            var record = TerminalJournal.ToRecord(sale);

            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes<TerminalEvent>(sale), record.Payload);
            Assert.Equal(sale, TerminalJournal.FromPayload(record.Payload));
        }

        // The stored text itself (discriminator first), as journals already hold it.
        Assert.Equal(
            """{"$event":"sale-approved","BatchNo":1,"Stan":7,"LocalDate":"2026-11-17","LocalTime":"2026-11-17T10:00:00","AmountMinor":1234,"Currency":"CNY","CardType":2,"CardToken":"tok_\u0022q\u0022\u00E9","Rrn":"000000000007","ApprovalCode":"000007","RecordId":"sale:898000000000042:T0000042:000001:000007:2026-11-17","MerchantId":"898000000000042","TerminalId":"T0000042"}""",
            Encoding.UTF8.GetString(TerminalJournal.ToRecord(Sale(7, "tok_\"q\"é")).Payload));
    }

    [Fact]
    public void A_void_record_with_and_without_its_recorded_time_is_the_serializers_bytes()
    {
        var voided = new SaleVoided("898000000000042", "T0000042", 1, 3, DateOnly.FromDateTime(SaleTime), 1234, 9, "000000000009");
        var stamped = voided with { RecordedAtLocal = SaleTime.AddMinutes(5) };

        foreach (var terminalEvent in new TerminalEvent[] { voided, stamped, voided, stamped })
        {
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(terminalEvent), TerminalJournal.ToRecord(terminalEvent).Payload);
        }
    }

    [Fact]
    public void A_capture_record_with_lists_and_nulls_is_the_serializers_bytes()
    {
        var plain = Capture("sale:a", held: false, [], null);
        var held = Capture("sale:b", held: true, [RiskReason.NewMerchantLargeFirstSale, RiskReason.DailyVolumeSpike], "first sale above the threshold");

        foreach (var ledgerEvent in new LedgerEvent[] { plain, held, plain, held })
        {
            var record = MerchantJournal.ToRecord(ledgerEvent);

            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(ledgerEvent), record.Payload);
            Assert.Equal(ledgerEvent.RecordId, record.RecordId);
        }
    }

    private static SaleApproved Sale(uint stan, string cardToken) =>
        new("898000000000042", "T0000042", 1, stan, DateOnly.FromDateTime(SaleTime), SaleTime, 1234, "CNY", CardType.Credit, cardToken, $"{stan:D12}", $"{stan:D6}");

    private static SaleCaptured Capture(string transactionId, bool held, IReadOnlyList<RiskReason> reasons, string? holdText) =>
        new("898000000000042", transactionId, 1234, 7, CardType.Credit, "tok_1", SaleTime, new DateOnly(2026, 11, 17), new DateOnly(2026, 11, 18), held, reasons, holdText, []);
}
