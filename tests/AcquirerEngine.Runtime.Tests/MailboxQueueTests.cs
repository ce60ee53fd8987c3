namespace AcquirerEngine.Runtime.Tests;

public sealed class MailboxQueueTests
{
    [Fact]
    public void Items_leave_in_arrival_order_across_the_inline_slot_and_the_overflow()
    {
        var mailbox = new MailboxQueue();
        var items = Enumerable.Range(0, 6).Select(i => new NamedItem(i)).ToArray();

        mailbox.Enqueue(items[0]);
        mailbox.Enqueue(items[1]);
        mailbox.Enqueue(items[2]);
        Assert.Equal(3, mailbox.Count);
        Assert.True(mailbox.TryDequeue(out var a));
        mailbox.Enqueue(items[3]);
        Assert.True(mailbox.TryDequeue(out var b));
        Assert.True(mailbox.TryDequeue(out var c));
        Assert.True(mailbox.TryDequeue(out var d));
        Assert.False(mailbox.TryDequeue(out var none));
        Assert.Null(none);
        Assert.Equal(0, mailbox.Count);

        // Empty again: a single item goes to the inline slot, a second one behind it.
        mailbox.Enqueue(items[4]);
        mailbox.Enqueue(items[5]);
        Assert.True(mailbox.TryDequeue(out var e));
        Assert.True(mailbox.TryDequeue(out var f));

        Assert.Equal([0, 1, 2, 3, 4, 5], new[] { a, b, c, d, e, f }.Select(i => ((NamedItem)i!).Number));
    }

    [Fact]
    public void TakeAll_empties_the_mailbox_oldest_first()
    {
        var mailbox = new MailboxQueue();
        Assert.Empty(mailbox.TakeAll());
        foreach (var i in Enumerable.Range(0, 4))
        {
            mailbox.Enqueue(new NamedItem(i));
        }

        Assert.Equal([0, 1, 2, 3], mailbox.TakeAll().Select(i => ((NamedItem)i).Number));
        Assert.Equal(0, mailbox.Count);
        Assert.False(mailbox.TryDequeue(out _));
    }

    private sealed class NamedItem(int number) : WorkItem
    {
        public int Number => number;

        public override bool CountsAgainstCapacity => true;

        public override bool KeepsAlive => true;

        public override Task ExecuteAsync(Grain grain) => Task.CompletedTask;

        public override void Complete()
        {
        }

        public override void Reroute()
        {
        }

        public override void Fail(Exception exception)
        {
        }
    }
}
