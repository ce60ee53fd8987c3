using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Tests.Merchants;

public sealed class MerchantProfileTests
{
    private static OnboardMerchantInput Valid() => new(
        "898340149000001",
        " Noodle House ",
        new AccountInput("ICBC", "6222000011112222", (int)AccountType.Corporate, false),
        null,
        0,
        0,
        0);

    [Fact]
    public void Unset_pricing_cycle_quota_and_threshold_take_the_defaults()
    {
        var result = MerchantRequestValidator.ValidateOnboarding(Valid());

        Assert.True(result.IsValid);
        var profile = result.Value!;
        Assert.Equal("Noodle House", profile.Name);
        Assert.Equal(RateTables.Standard, profile.Pricing);
        Assert.Equal(SettlementCycle.T1, profile.Cycle);
        Assert.Null(profile.SameDayQuotaMinor);
        Assert.Null(profile.FirstSaleHoldAboveMinor);
        Assert.Equal(AccountDestination.Interbank, profile.Account.Destination);
    }

    [Fact]
    public void Contract_pricing_cycle_and_limits_are_taken_from_the_wire_values()
    {
        var result = MerchantRequestValidator.ValidateOnboarding(Valid() with
        {
            Account = new AccountInput("PSBC", "100200300400", (int)AccountType.ClassII, true),
            Pricing = new PricingInput(5_500, 5_000, 1_700),
            Cycle = (int)SettlementCycle.D1,
            SameDayQuotaMinor = 1_000_000,
            FirstSaleReviewThresholdMinor = 2_000_000,
        });

        var profile = result.Value!;
        Assert.Equal(5_500, profile.Pricing.CreditRatePpm);
        Assert.Equal(1_700, profile.Pricing.DebitCapMinor);
        Assert.Equal(SettlementCycle.D1, profile.Cycle);
        Assert.Equal(1_000_000, profile.SameDayQuotaMinor);
        Assert.Equal(2_000_000, profile.FirstSaleHoldAboveMinor);
        Assert.Equal(AccountDestination.SameBank, profile.Account.Destination);
        Assert.Equal(AccountType.ClassII, profile.Account.AccountType);
    }

    [Fact]
    public void Every_bad_field_is_named_by_its_wire_path()
    {
        var result = MerchantRequestValidator.ValidateOnboarding(new OnboardMerchantInput(
            "",
            "",
            new AccountInput("", "12ab", 0, false),
            new PricingInput(200_000, 200_000, -1),
            99,
            -1,
            -1));

        var fields = result.Errors.Select(e => e.Field).ToList();
        Assert.Equal(
            new[]
            {
                "merchant_id", "name", "account.bank_code", "account.account_number", "account.account_type",
                "pricing.credit_rate_centi_bps", "pricing.debit_rate_centi_bps", "pricing.debit_cap_minor",
                "cycle", "same_day_quota_minor", "risk.first_sale_review_threshold_minor",
            },
            fields);
        Assert.Contains("account", MerchantRequestValidator.ValidateOnboarding(Valid() with { Account = null }).Errors.Select(e => e.Field));
    }

    [Fact]
    public void Onboarding_with_a_profile_is_idempotent_and_upgrades_a_name_only_merchant()
    {
        var profile = MerchantRequestValidator.ValidateOnboarding(Valid()).Value!;
        var state = new MerchantState();
        MerchantOnboarding.Onboard(state, profile.MerchantId, "Old name");

        Assert.Equal(OnboardOutcome.Created, MerchantOnboarding.Onboard(state, profile));
        Assert.Equal(OnboardOutcome.AlreadyOnboarded, MerchantOnboarding.Onboard(state, profile));
        Assert.Equal(OnboardOutcome.Updated, MerchantOnboarding.Onboard(state, profile with { Cycle = SettlementCycle.T2 }));
        Assert.Equal(2, state.ProfileVersion);
        Assert.Equal(SettlementCycle.T2, state.Profile!.Cycle);
        Assert.Equal("Noodle House", state.Name);
    }
}
