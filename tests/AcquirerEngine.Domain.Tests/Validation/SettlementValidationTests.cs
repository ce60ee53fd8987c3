using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Domain.Validation;

namespace AcquirerEngine.Domain.Tests.Validation;

public sealed class SettlementValidationTests
{
    private const string Mid = "898310048161234";
    private const string Tid = "T0000001";
    private static readonly DateTime HostTime = new(2026, 10, 1, 23, 5, 0, DateTimeKind.Local);
    private static readonly OriginalKeyInput Original = new(Mid, Tid, 1, 12, "2026-09-30");
    private static readonly RefundRequestInput ValidRefund = new(Original, 2, 1, 90_000, "2026-10-01T10:00:00");
    private static readonly SettleBatchRequestInput ValidSettle = new(Mid, Tid, 1, new BatchTotalsInput(2, 30_000, 1, 500));

    private static SaleRequestInput Record(uint stan, string? merchantId = null, uint batchNo = 0, string localTime = "2026-09-30T22:30:00") =>
        new(merchantId, null, batchNo, stan, 10_000, "CNY", CardType.Debit, "tok_4f9a2c", localTime);

    private static IEnumerable<string> Fields<T>(Validated<T> result)
        where T : class =>
        result.Errors.Select(e => e.Field);

    [Fact]
    public void Refund_Valid_BuildsCommand()
    {
        var command = TerminalRequestValidator.Default.ValidateRefund(ValidRefund).Value!;

        Assert.Equal(new OriginalSaleKey(Mid, Tid, 1, 12, new DateOnly(2026, 9, 30)), command.Original);
        Assert.Equal((2u, 1u, 90_000L), (command.BatchNo, command.Stan, command.AmountMinor));
        Assert.Equal(new DateTime(2026, 10, 1, 10, 0, 0), command.LocalTime);
        Assert.Equal(DateTimeKind.Unspecified, command.LocalTime.Kind);
        Assert.Equal(Mid, command.MerchantId);
    }

    [Fact]
    public void Refund_Invalid_NamesEveryWireField()
    {
        var input = new RefundRequestInput(new OriginalKeyInput("", Tid, 0, 12, "2026-02-30"), 0, 1_000_000, 0, "2026-10-01 10:00");

        var result = TerminalRequestValidator.Default.ValidateRefund(input);

        Assert.Equal(
            ["original.merchant_id", "original.batch_no", "original.local_date", "batch_no", "stan", "amount_minor", "local_time"],
            Fields(result));
        Assert.Equal(["original"], Fields(TerminalRequestValidator.Default.ValidateRefund(ValidRefund with { Original = null })));
    }

    [Fact]
    public void Settle_Valid_BuildsCommandWithHostTimeWithoutKind()
    {
        var command = TerminalRequestValidator.Default.ValidateSettleBatch(ValidSettle, HostTime).Value!;

        Assert.Equal(new BatchSettlementTotals(2, 30_000, 1, 500), command.TerminalTotals);
        Assert.Equal(DateTimeKind.Unspecified, command.HostLocalTime.Kind);
        Assert.Equal(HostTime.Ticks, command.HostLocalTime.Ticks);
        Assert.True(TerminalRequestValidator.Default.ValidateSettleBatch(ValidSettle with { Totals = new BatchTotalsInput(0, 0, 0, 0) }, HostTime).IsValid);
    }

    [Fact]
    public void Settle_Invalid_NamesTotalsFields()
    {
        Assert.Equal(["merchant_id", "batch_no", "totals"], Fields(TerminalRequestValidator.Default.ValidateSettleBatch(new(null, Tid, 0, null), HostTime)));

        var badTotals = ValidSettle with { Totals = new BatchTotalsInput(uint.MaxValue, -1, 2, 0) };
        Assert.Equal(
            ["totals.sale_count", "totals.sale_amount_minor", "totals.refund_amount_minor"],
            Fields(TerminalRequestValidator.Default.ValidateSettleBatch(badTotals, HostTime)));

        var inconsistent = ValidSettle with { Totals = new BatchTotalsInput(0, 5, 3, 2) };
        Assert.Equal(
            ["totals.sale_amount_minor", "totals.refund_amount_minor"],
            Fields(TerminalRequestValidator.Default.ValidateSettleBatch(inconsistent, HostTime)));
    }

    [Fact]
    public void Settle_UtcHostTime_IsABug()
    {
        Assert.Throws<InvariantViolationException>(() =>
            TerminalRequestValidator.Default.ValidateSettleBatch(ValidSettle, DateTime.SpecifyKind(HostTime, DateTimeKind.Utc)));
    }

    [Fact]
    public void Upload_Valid_RecordsInheritTheUploadsIdentity()
    {
        var input = new UploadBatchRequestInput(Mid, Tid, 1, [Record(1), Record(2, Mid, 1), Record(1, localTime: "2026-10-01T00:10:00")]);

        var command = TerminalRequestValidator.Default.ValidateUploadBatch(input, HostTime).Value!;

        Assert.Equal(3, command.Records.Count);
        Assert.Equal(new UploadedSaleRecord(1, 10_000, "CNY", CardType.Debit, "tok_4f9a2c", new DateTime(2026, 9, 30, 22, 30, 0)), command.Records[0]);
        Assert.Empty(TerminalRequestValidator.Default.ValidateUploadBatch(input with { Records = null }, HostTime).Value!.Records);
    }

    [Fact]
    public void Upload_Invalid_NamesIndexedRecordFields()
    {
        var input = new UploadBatchRequestInput(
            Mid,
            Tid,
            1,
            [
                Record(1),
                Record(0, "OTHER", 2),
                Record(1),
                null,
                Record(3) with { CardToken = "4111111111111111", Currency = "XXXX" },
            ]);

        var result = TerminalRequestValidator.Default.ValidateUploadBatch(input, HostTime);

        Assert.Equal(
            [
                "records[1].merchant_id",
                "records[1].batch_no",
                "records[1].stan",
                "records[2].stan",
                "records[3]",
                "records[4].currency",
                "records[4].card_token",
            ],
            Fields(result));
        Assert.Equal(FieldRules.PanRejectedMessage, result.Errors.Single(e => e.Field == "records[4].card_token").Message);
    }

    [Fact]
    public void SignOn_WithHostTime_StampsTheCommand()
    {
        var command = TerminalRequestValidator.Default.ValidateSignOn(new TerminalSessionInput(Mid, Tid), HostTime).Value!;
        Assert.Equal(HostTime.Ticks, command.HostLocalTime!.Value.Ticks);
        Assert.Equal(DateTimeKind.Unspecified, command.HostLocalTime.Value.Kind);
        Assert.False(TerminalRequestValidator.Default.ValidateSignOn(new TerminalSessionInput("", Tid), HostTime).IsValid);
    }
}
