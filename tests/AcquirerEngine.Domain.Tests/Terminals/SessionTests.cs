using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

public sealed class SessionTests
{
    [Fact]
    public void Register_ThenRepeat_ThenOtherMerchant()
    {
        var terminal = new TerminalHarness();

        var first = (RegisterTerminalOutcome)terminal.Execute(new RegisterTerminalCommand(Mid, Tid));
        var repeat = (RegisterTerminalOutcome)terminal.Execute(new RegisterTerminalCommand(Mid, Tid));
        var other = (RegisterTerminalOutcome)terminal.Execute(new RegisterTerminalCommand("OTHER", Tid));

        Assert.Equal(RegisterTerminalResult.Registered, first.Result);
        Assert.Equal("register:898310048161234:T0000001", Assert.Single(first.Events).RecordId);
        Assert.Equal(RegisterTerminalResult.AlreadyRegistered, repeat.Result);
        Assert.Empty(repeat.Events);
        Assert.Equal(RegisterTerminalResult.RegisteredToAnotherMerchant, other.Result);
        Assert.True(terminal.State.Registered);
        Assert.Equal(Mid, terminal.State.MerchantId);
    }

    [Fact]
    public void SignOn_ReturnsCurrentBatch_StartingAt1()
    {
        var terminal = new TerminalHarness();
        terminal.Execute(new RegisterTerminalCommand(Mid, Tid));

        var signOn = terminal.Run(new SignOnCommand(Mid, Tid));

        Assert.Equal(SignOnResult.SignedOn, signOn.Result);
        Assert.Equal(1u, signOn.BatchNo);
        var signedOn = Assert.IsType<TerminalSignedOn>(Assert.Single(signOn.Events));
        Assert.Equal("signon:898310048161234:T0000001:1", signedOn.RecordId);
        Assert.True(terminal.State.SignedOn);
    }

    [Fact]
    public void SignOn_Repeat_NoEvent_SameBatch()
    {
        var terminal = TerminalHarness.SignedOn();
        var repeat = terminal.Run(new SignOnCommand(Mid, Tid));
        Assert.Equal(SignOnResult.AlreadySignedOn, repeat.Result);
        Assert.Equal(1u, repeat.BatchNo);
        Assert.Empty(repeat.Events);
    }

    [Fact]
    public void SignOff_ReturnsBatch_ThenRepeatIsIdempotent_ThenNewSession()
    {
        var terminal = TerminalHarness.SignedOn();

        var signOff = terminal.Run(new SignOffCommand(Mid, Tid));
        var repeat = terminal.Run(new SignOffCommand(Mid, Tid));
        var signOnAgain = terminal.Run(new SignOnCommand(Mid, Tid));

        Assert.Equal(SignOffResult.SignedOff, signOff.Result);
        Assert.Equal(1u, signOff.BatchNo);
        Assert.Equal("signoff:898310048161234:T0000001:1", Assert.Single(signOff.Events).RecordId);
        Assert.Equal(SignOffResult.AlreadySignedOff, repeat.Result);
        Assert.Empty(repeat.Events);
        Assert.Equal("signon:898310048161234:T0000001:2", Assert.Single(signOnAgain.Events).RecordId);
        Assert.Equal(1u, terminal.State.CurrentBatchNo);
    }

    [Fact]
    public void SessionCommands_RequireRegistrationAndMerchant()
    {
        var unregistered = new TerminalHarness();
        Assert.Equal(SignOnResult.NotRegistered, unregistered.Run(new SignOnCommand(Mid, Tid)).Result);
        Assert.Equal(SignOffResult.NotRegistered, unregistered.Run(new SignOffCommand(Mid, Tid)).Result);

        var terminal = TerminalHarness.SignedOn();
        Assert.Equal(SignOnResult.MerchantMismatch, terminal.Run(new SignOnCommand("OTHER", Tid)).Result);
        Assert.Equal(SignOffResult.MerchantMismatch, terminal.Run(new SignOffCommand("OTHER", Tid)).Result);
        Assert.True(terminal.State.SignedOn);
    }
}
