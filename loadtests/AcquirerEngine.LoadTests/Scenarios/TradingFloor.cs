using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.LoadTests.Books;
using AcquirerEngine.LoadTests.Stats;
using AcquirerEngine.LoadTests.Targets;
using Google.Protobuf;

namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>
/// The merchants and terminals a run drives, and the steps it can take on them. Every sale, void and
/// reversal is written to the terminals' sessions with what the engine answered, for the book check.
/// </summary>
public sealed class TradingFloor
{
    // A gRPC message on the wire: 1 flag byte + 4 length bytes + the protobuf.
    private const int FramePrefix = 5;

    private readonly object _gate = new();
    private readonly List<TerminalSession> _terminals = [];
    private readonly List<string> _merchants = [];
    private readonly MerchantTerms _terms;
    private readonly TimeSpan _callTimeout;
    private TerminalSession[] _active = [];
    private int _nextMerchant;

    public TradingFloor(EngineTarget target, TradingData data, EngineClock clock, MerchantTerms terms, TimeSpan callTimeout)
    {
        Target = target;
        Data = data;
        Clock = clock;
        _terms = terms;
        _callTimeout = callTimeout;
    }

    public EngineTarget Target { get; }

    public TradingData Data { get; }

    public EngineClock Clock { get; }

    public IReadOnlyList<TerminalSession> Terminals
    {
        get
        {
            lock (_gate)
            {
                return [.. _terminals];
            }
        }
    }

    public IReadOnlyList<string> Merchants
    {
        get
        {
            lock (_gate)
            {
                return [.. _merchants];
            }
        }
    }

    /// <summary>Onboards <paramref name="merchants"/> merchants with <paramref name="terminalsPerMerchant"/> signed-on terminals each, a few at a time.</summary>
    public async Task OpenAsync(int merchants, int terminalsPerMerchant, CancellationToken cancellationToken)
    {
        var numbers = Enumerable.Range(0, merchants).Select(_ => Interlocked.Increment(ref _nextMerchant)).ToList();
        await Parallel.ForEachAsync(
            numbers,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (number, _) =>
            {
                var merchantId = Data.MerchantId(number);
                await OnboardAsync(merchantId).ConfigureAwait(false);
                for (var t = 0; t < terminalsPerMerchant; t++)
                {
                    await OpenTerminalAsync(merchantId, ((number - 1) * terminalsPerMerchant) + t + 1).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }

    public Task<StepRecord> RunAsync(StepKind kind, CancellationToken cancellationToken) => kind switch
    {
        StepKind.DuplicateSale => DuplicateAsync(cancellationToken),
        StepKind.Void => VoidAsync(cancellationToken),
        StepKind.Reverse => ReverseAsync(cancellationToken),
        StepKind.NewMerchantFirstSale => NewMerchantFirstSaleAsync(cancellationToken),
        _ => SaleAsync(PickTerminal(), "sale", cancellationToken),
    };

    /// <summary>
    /// 0500 on the terminal's open batch with the totals the harness counted (sales still standing: approved,
    /// not voided or reversed). Balanced means the engine's batch agrees with every answer the terminal got.
    /// </summary>
    public async Task<(StepRecord Step, long LatencyMicros, bool Balanced, string Detail)> SettleAsync(TerminalSession terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var standing = terminal.Sales().Where(s => s.Fate == SaleFate.Approved).ToList();
        var request = new SettleBatchRequest
        {
            MerchantId = terminal.MerchantId,
            TerminalId = terminal.TerminalId,
            BatchNo = terminal.BatchNo,
            Totals = new BatchTotals { SaleCount = (uint)standing.Count, SaleAmountMinor = standing.Sum(s => s.Request.AmountMinor) },
        };
        var sent = Size(request);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var response = await Target.TerminalFor(terminal.Index).SettleBatchAsync(request, Options(cancellationToken)).ConfigureAwait(false);
            var latency = System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks / 10;
            var detail = $"terminal {request.Totals.SaleCount} sales {request.Totals.SaleAmountMinor}, host {response.HostTotals?.SaleCount} sales {response.HostTotals?.SaleAmountMinor}";
            return response.Balanced
                ? (new StepRecord("settle", StepOutcome.Success(sent, Size(response))), latency, true, detail)
                : (new StepRecord("settle", StepOutcome.Failure("NOT_BALANCED", sent, Size(response))), latency, false, detail);
        }
        catch (RpcException ex)
        {
            var latency = System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks / 10;
            return (new StepRecord("settle", StepOutcome.Failure(StatusNames.Of(ex.StatusCode), sent)), latency, false, ex.Message);
        }
    }

    private async Task OnboardAsync(string merchantId)
    {
        await Target.Operator.OnboardMerchantAsync(_terms.Onboarding(merchantId), Options(default)).ConfigureAwait(false);
        lock (_gate)
        {
            _merchants.Add(merchantId);
        }
    }

    private async Task<TerminalSession> OpenTerminalAsync(string merchantId, int terminalNumber)
    {
        var terminalId = Data.TerminalId(terminalNumber);
        await Target.Operator.RegisterTerminalAsync(new RegisterTerminalRequest { MerchantId = merchantId, TerminalId = terminalId }, Options(default))
            .ConfigureAwait(false);
        var signOn = await Target.TerminalFor(terminalNumber).SignOnAsync(new SignOnRequest { MerchantId = merchantId, TerminalId = terminalId }, Options(default))
            .ConfigureAwait(false);
        var session = new TerminalSession(terminalNumber, merchantId, terminalId, signOn.BatchNo);
        lock (_gate)
        {
            _terminals.Add(session);
            _active = [.. _terminals];
        }

        return session;
    }

    private TerminalSession PickTerminal()
    {
        var active = Volatile.Read(ref _active);
        if (active.Length == 0)
        {
            throw new InvalidOperationException("no terminal is signed on: the scenario opened no merchants");
        }

        return active[Data.Next(active.Length)];
    }

    private async Task<StepRecord> SaleAsync(TerminalSession terminal, string step, CancellationToken cancellationToken)
    {
        var request = new SaleRequest
        {
            MerchantId = terminal.MerchantId,
            TerminalId = terminal.TerminalId,
            BatchNo = terminal.BatchNo,
            Stan = terminal.NextStan(),
            AmountMinor = Data.NextAmountMinor(),
            Currency = "CNY",
            CardType = Data.NextCardType(),
            CardToken = Data.NextCardToken(),
            LocalTime = Clock.LocalNowText,
        };
        var sale = new SaleRecord(request, terminal.Index);
        terminal.AddSale(sale);
        var sent = Size(request);
        try
        {
            var response = await Target.TerminalFor(terminal.Index).SaleAsync(request, Options(cancellationToken)).ConfigureAwait(false);
            if (response.Result != SaleResult.Approved)
            {
                sale.Fate = SaleFate.Declined;
                return new StepRecord(step, StepOutcome.Failure("DECLINED", sent, Size(response)));
            }

            sale.Rrn = response.Rrn;
            sale.Fate = SaleFate.Approved;
            terminal.OfferForFollowUp(sale);
            return new StepRecord(step, StepOutcome.Success(sent, Size(response)));
        }
        catch (RpcException ex)
        {
            return new StepRecord(step, StepOutcome.Failure(StatusNames.Of(ex.StatusCode), sent));
        }
    }

    private async Task<StepRecord> DuplicateAsync(CancellationToken cancellationToken)
    {
        var terminal = PickTerminal();
        if (terminal.ClaimForFollowUp(Data.Next(int.MaxValue)) is not { } original)
        {
            return await SaleAsync(terminal, "sale", cancellationToken).ConfigureAwait(false);
        }

        var sent = Size(original.Request);
        try
        {
            var response = await Target.TerminalFor(terminal.Index).SaleAsync(original.Request, Options(cancellationToken)).ConfigureAwait(false);
            var same = response.Result == SaleResult.Approved && response.Rrn == original.Rrn;
            return new StepRecord("duplicate", same
                ? StepOutcome.Success(sent, Size(response))
                : StepOutcome.Failure("DUPLICATE_MISMATCH", sent, Size(response)));
        }
        catch (RpcException ex)
        {
            return new StepRecord("duplicate", StepOutcome.Failure(StatusNames.Of(ex.StatusCode), sent));
        }
    }

    private async Task<StepRecord> VoidAsync(CancellationToken cancellationToken)
    {
        var terminal = PickTerminal();
        if (terminal.ClaimForFollowUp(Data.Next(int.MaxValue)) is not { } original)
        {
            return await SaleAsync(terminal, "sale", cancellationToken).ConfigureAwait(false);
        }

        var request = new VoidRequest { Original = KeyOf(original), Stan = terminal.NextStan(), AmountMinor = original.Request.AmountMinor };
        var sent = Size(request);
        try
        {
            var response = await Target.TerminalFor(terminal.Index).VoidAsync(request, Options(cancellationToken)).ConfigureAwait(false);
            original.Fate = FateOf(response.State);
            return new StepRecord("void", response.State == TransactionState.Voided
                ? StepOutcome.Success(sent, Size(response))
                : StepOutcome.Failure("STATE_" + response.State.ToString().ToUpperInvariant(), sent, Size(response)));
        }
        catch (RpcException ex)
        {
            original.Fate = SaleFate.Unknown;
            return new StepRecord("void", StepOutcome.Failure(StatusNames.Of(ex.StatusCode), sent));
        }
    }

    private async Task<StepRecord> ReverseAsync(CancellationToken cancellationToken)
    {
        var terminal = PickTerminal();
        if (terminal.ClaimForFollowUp(Data.Next(int.MaxValue)) is not { } original)
        {
            return await SaleAsync(terminal, "sale", cancellationToken).ConfigureAwait(false);
        }

        var request = new ReverseRequest { Original = KeyOf(original) };
        var sent = Size(request);
        try
        {
            var response = await Target.TerminalFor(terminal.Index).ReverseAsync(request, Options(cancellationToken)).ConfigureAwait(false);
            original.Fate = FateOf(response.State);
            return new StepRecord("reverse", response.State == TransactionState.Reversed
                ? StepOutcome.Success(sent, Size(response))
                : StepOutcome.Failure("STATE_" + response.State.ToString().ToUpperInvariant(), sent, Size(response)));
        }
        catch (RpcException ex)
        {
            original.Fate = SaleFate.Unknown;
            return new StepRecord("reverse", StepOutcome.Failure(StatusNames.Of(ex.StatusCode), sent));
        }
    }

    private async Task<StepRecord> NewMerchantFirstSaleAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _nextMerchant);
        var merchantId = Data.MerchantId(number);
        TerminalSession terminal;
        try
        {
            await OnboardAsync(merchantId).ConfigureAwait(false);

            // Flood merchants get one terminal each, numbered after every pre-opened one.
            terminal = await OpenTerminalAsync(merchantId, 50_000 + number).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            return new StepRecord("first-sale", StepOutcome.Failure(StatusNames.Of(ex.StatusCode), 0));
        }

        var sale = await SaleAsync(terminal, "first-sale", cancellationToken).ConfigureAwait(false);
        return sale;
    }

    private static OriginalKey KeyOf(SaleRecord sale) => new()
    {
        MerchantId = sale.Request.MerchantId,
        TerminalId = sale.Request.TerminalId,
        BatchNo = sale.Request.BatchNo,
        Stan = sale.Request.Stan,
        LocalDate = sale.LocalDate,
    };

    private static SaleFate FateOf(TransactionState state) => state switch
    {
        TransactionState.Approved => SaleFate.Approved,
        TransactionState.Declined => SaleFate.Declined,
        TransactionState.Voided => SaleFate.Voided,
        TransactionState.Reversed => SaleFate.Reversed,
        _ => SaleFate.Unknown,
    };

    private static long Size(IMessage message) => message.CalculateSize() + FramePrefix;

    private CallOptions Options(CancellationToken cancellationToken) => new() { Timeout = _callTimeout, CancellationToken = cancellationToken };
}
