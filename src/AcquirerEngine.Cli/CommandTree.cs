using System.CommandLine;
using AcquirerEngine.Contracts.V1;
using Grpc.Health.V1;

namespace AcquirerEngine.Cli;

/// <summary>
/// The command-line wiring only: which commands and options exist, and how parsed values become a
/// request for <see cref="CliActions"/>. No call is made and nothing is printed here.
/// </summary>
public static class CommandTree
{
    private const string Description =
        "Operate an AcquirerEngine over gRPC: health, merchant and terminal set-up, and terminal "
        + "transactions (sale, void, reversal, queries). Operator commands need the operator token.";

    public static RootCommand Build(CliHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var globals = new GlobalOptions();
        var root = new RootCommand(Description + "\n\n" + ExitCodes.HelpText);
        globals.AddTo(root);
        var binder = new Binder(host, globals);
        root.Add(Health(binder));
        root.Add(Merchant(binder));
        root.Add(Terminal(binder));
        root.Add(Sale(binder));
        root.Add(Void(binder));
        root.Add(Reverse(binder));
        root.Add(TransactionGroup(binder));
        root.Add(Batch(binder));
        return root;
    }

    private static Command Health(Binder binder)
    {
        var service = new Option<string>("--service")
        {
            Description = "Service name to check [default: the whole server]",
            HelpName = "name",
            DefaultValueFactory = _ => string.Empty,
        };
        var command = new Command("health", "Check that the engine is serving (exit 4 when it answers but is not SERVING)") { service };
        binder.Bind(command, (parse, actions, ct) =>
            actions.HealthAsync(new HealthCheckRequest { Service = parse.GetValue(service) ?? string.Empty }, ct));
        return command;
    }

    private static Command Merchant(Binder binder)
    {
        var merchantId = OptionFactory.MerchantId();
        var name = new Option<string>("--name") { Description = "Merchant's name", HelpName = "name", Required = true };
        var bankCode = new Option<string>("--bank-code") { Description = "Bank of the settlement account", HelpName = "code", Required = true };
        var accountNumber = new Option<string>("--account-number") { Description = "Settlement account number", HelpName = "number", Required = true };
        var accountType = OptionFactory.Choice("--account-type", "Settlement account type", "corporate", "corporate", "personal", "class-ii");
        var sameBank = new Option<bool>("--same-bank") { Description = "The account is at the acquirer's own bank (internal transfer)" };
        var cycle = OptionFactory.Choice("--cycle", "Settlement cycle", "t1", "t1", "d1", "t0", "t2", "t3");
        var onboard = new Command("onboard", "Onboard a merchant (operator; idempotent)") { merchantId, name, bankCode, accountNumber, accountType, sameBank, cycle };
        binder.Bind(onboard, (parse, actions, ct) => actions.OnboardMerchantAsync(
            new OnboardMerchantRequest
            {
                MerchantId = parse.GetRequiredValue(merchantId),
                Name = parse.GetRequiredValue(name),
                Account = new SettlementAccount
                {
                    BankCode = parse.GetRequiredValue(bankCode),
                    AccountNumber = parse.GetRequiredValue(accountNumber),
                    AccountType = parse.GetRequiredValue(accountType) switch
                    {
                        "personal" => AccountType.Personal,
                        "class-ii" => AccountType.ClassIi,
                        _ => AccountType.Corporate,
                    },
                    SameBank = parse.GetValue(sameBank),
                },
                Cycle = parse.GetRequiredValue(cycle) switch
                {
                    "d1" => SettlementCycle.D1,
                    "t0" => SettlementCycle.T0,
                    "t2" => SettlementCycle.T2,
                    "t3" => SettlementCycle.T3,
                    _ => SettlementCycle.T1,
                },
            },
            ct));
        return new Command("merchant", "Merchant administration (operator token required)") { onboard };
    }

    private static Command Terminal(Binder binder)
    {
        var register = TerminalCommand("register", "Register a terminal of a merchant (operator; idempotent)", binder, (m, t, actions, ct) =>
            actions.RegisterTerminalAsync(new RegisterTerminalRequest { MerchantId = m, TerminalId = t }, ct));
        var signOn = TerminalCommand("sign-on", "Open the terminal's session (0800); prints the batch to use", binder, (m, t, actions, ct) =>
            actions.SignOnAsync(new SignOnRequest { MerchantId = m, TerminalId = t }, ct));
        var signOff = TerminalCommand("sign-off", "Close the terminal's session (0820); prints the batch number", binder, (m, t, actions, ct) =>
            actions.SignOffAsync(new SignOffRequest { MerchantId = m, TerminalId = t }, ct));
        return new Command("terminal", "Terminal registration and sessions") { register, signOn, signOff };
    }

    private static Command TerminalCommand(
        string name,
        string description,
        Binder binder,
        Func<string, string, CliActions, CancellationToken, Task<int>> run)
    {
        var merchantId = OptionFactory.MerchantId();
        var terminalId = OptionFactory.TerminalId();
        var command = new Command(name, description) { merchantId, terminalId };
        binder.Bind(command, (parse, actions, ct) =>
            run(parse.GetRequiredValue(merchantId), parse.GetRequiredValue(terminalId), actions, ct));
        return command;
    }

    private static Command Sale(Binder binder)
    {
        var merchantId = OptionFactory.MerchantId();
        var terminalId = OptionFactory.TerminalId();
        var batchNo = OptionFactory.BatchNo();
        var stan = OptionFactory.Stan();
        var currency = OptionFactory.Currency();
        var amount = new AmountOptions(currency);
        var cardType = OptionFactory.CardType();
        var cardToken = OptionFactory.CardToken();
        var localTime = OptionFactory.LocalTime();
        var command = new Command("sale", "Make a sale (0200); repeating the same sale returns the same answer")
        {
            merchantId, terminalId, batchNo, stan, currency, cardType, cardToken, localTime,
        };
        amount.AddTo(command);
        binder.Bind(command, (parse, actions, ct) => actions.SaleAsync(
            new SaleRequest
            {
                MerchantId = parse.GetRequiredValue(merchantId),
                TerminalId = parse.GetRequiredValue(terminalId),
                BatchNo = parse.GetValue(batchNo),
                Stan = parse.GetValue(stan),
                AmountMinor = amount.GetMinor(parse),
                Currency = parse.GetRequiredValue(currency),
                CardType = parse.GetRequiredValue(cardType) == "credit" ? CardType.Credit : CardType.Debit,
                CardToken = parse.GetRequiredValue(cardToken),
                LocalTime = parse.GetValue(localTime) ?? TerminalClock.Now(binder.Host.TimeProvider),
            },
            ct));
        return command;
    }

    private static Command Void(Binder binder)
    {
        var key = new OriginalKeyOptions("--original-stan", "Trace number of the sale to void");
        var stan = OptionFactory.Stan("--stan", "The void's own trace number");
        var amount = new AmountOptions();
        var command = new Command("void", "Void a sale of the open batch, full amount (0200/200000)") { stan };
        key.AddTo(command);
        amount.AddTo(command);
        binder.Bind(command, (parse, actions, ct) => actions.VoidAsync(
            new VoidRequest { Original = key.Build(parse), Stan = parse.GetValue(stan), AmountMinor = amount.GetMinor(parse) },
            ct));
        return command;
    }

    private static Command Reverse(Binder binder)
    {
        var key = new OriginalKeyOptions("--stan", "Trace number of the sale to reverse");
        var command = new Command("reverse", "Reverse a sale after a timeout (0400); idempotent");
        key.AddTo(command);
        binder.Bind(command, (parse, actions, ct) => actions.ReverseAsync(new ReverseRequest { Original = key.Build(parse) }, ct));
        return command;
    }

    private static Command TransactionGroup(Binder binder)
    {
        var key = new OriginalKeyOptions("--stan", "Trace number of the transaction");
        var get = new Command("get", "Show the current state of one transaction");
        key.AddTo(get);
        binder.Bind(get, (parse, actions, ct) => actions.GetTransactionAsync(new GetTransactionRequest { Key = key.Build(parse) }, ct));
        return new Command("transaction", "Transaction queries") { get };
    }

    private static Command Batch(Binder binder)
    {
        var merchantId = OptionFactory.MerchantId();
        var terminalId = OptionFactory.TerminalId();
        var batchNo = OptionFactory.BatchNo();
        var list = new Command("list", "Stream every transaction of a batch in STAN order (--json: one object per line)")
        {
            merchantId, terminalId, batchNo,
        };
        binder.Bind(list, (parse, actions, ct) => actions.ListBatchAsync(
            new ListBatchTransactionsRequest
            {
                MerchantId = parse.GetRequiredValue(merchantId),
                TerminalId = parse.GetRequiredValue(terminalId),
                BatchNo = parse.GetValue(batchNo),
            },
            ct));
        return new Command("batch", "Batch queries") { list };
    }
}
