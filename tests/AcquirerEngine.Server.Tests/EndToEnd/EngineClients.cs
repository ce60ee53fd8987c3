using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>The product's own .NET clients pointed at one engine process.</summary>
public sealed class EngineClients : IDisposable
{
    private readonly GrpcClient _client;

    public EngineClients(Uri address)
    {
        _client = new GrpcClient(address);
        Terminal = new TerminalServiceClient(_client);
        Operator = new OperatorServiceClient(_client, EngineProcess.OperatorToken);
        Health = new HealthClient(_client);
    }

    public TerminalServiceClient Terminal { get; }

    public OperatorServiceClient Operator { get; }

    public HealthClient Health { get; }

    public OperatorServiceClient OperatorWithToken(string token) => new(_client, token);

    /// <summary>Onboards a merchant, registers a terminal and signs it on; returns the open batch.</summary>
    public Task<uint> OnboardAndSignOnAsync(string merchantId, string terminalId) =>
        OnboardAndSignOnAsync(Onboarding(merchantId), terminalId);

    /// <summary>Onboards the merchant as given (cycle, pricing, risk), registers a terminal and signs it on; returns the open batch.</summary>
    public async Task<uint> OnboardAndSignOnAsync(OnboardMerchantRequest onboarding, string terminalId)
    {
        ArgumentNullException.ThrowIfNull(onboarding);
        await Operator.OnboardMerchantAsync(onboarding);
        await Operator.RegisterTerminalAsync(new RegisterTerminalRequest { MerchantId = onboarding.MerchantId, TerminalId = terminalId });
        var signOn = await Terminal.SignOnAsync(new SignOnRequest { MerchantId = onboarding.MerchantId, TerminalId = terminalId });
        return signOn.BatchNo;
    }

    /// <summary>The settlement account <see cref="Onboarding"/> gives the merchant, as "BANK:ACCOUNT" (SimulatedBank:FrozenAccounts).</summary>
    public static string BankAccountKey(string merchantId) => "ICBC:" + SettlementAccountNumber(merchantId);

    public static string SettlementAccountNumber(string merchantId) => "62220200" + merchantId[^8..];

    /// <summary>A complete onboarding: a corporate interbank account, standard pricing, T+1.</summary>
    public static OnboardMerchantRequest Onboarding(string merchantId, SettlementCycle cycle = SettlementCycle.T1) => new()
    {
        MerchantId = merchantId,
        Name = "E2E shop " + merchantId,
        Account = new SettlementAccount
        {
            BankCode = "ICBC",
            AccountNumber = SettlementAccountNumber(merchantId),
            AccountType = AccountType.Corporate,
            SameBank = false,
        },
        Cycle = cycle,
    };

    public void Dispose() => _client.Dispose();
}
