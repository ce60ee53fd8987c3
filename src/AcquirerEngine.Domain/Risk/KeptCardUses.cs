namespace AcquirerEngine.Domain.Risk;

/// <summary>
/// The card uses a <see cref="RiskProfile"/> keeps, so that a capture costs the same whatever the merchant's
/// history. Up to <see cref="IndexFrom"/> kept uses they are a plain list scanned in full (bounded, and no index
/// to carry for the many merchants with few sales an hour). Beyond it they are indexed: appending is O(1),
/// dropping what fell behind the horizon pops a time-ordered heap only while its earliest use is actually beyond
/// it (O(log n) per use, once per use), dropping the oldest by insertion pops the front of the insertion order,
/// and counting a card's uses walks only that card's chain. Dropped uses are left in the insertion order and in
/// the heap and skipped there; both are rebuilt from the kept uses when the skipped ones outnumber them, so
/// memory stays bounded and the rebuild is paid for by the drops before it.
/// </summary>
internal sealed class KeptCardUses
{
    /// <summary>Kept uses above which the heap and the per-card chains are built (and kept from then on).</summary>
    public const int IndexFrom = 16;

    // Slack before compacting, so a small set is not rebuilt on every drop.
    private const int CompactionSlack = 32;

    private readonly List<KeptCardUse> _insertionOrder = [];

    // Null until the kept uses first outgrow IndexFrom.
    private PriorityQueue<KeptCardUse, long>? _byTime;
    private Dictionary<string, KeptCardUse>? _newestOfCard;

    // Index of the oldest entry of _insertionOrder not yet passed over (dropped or not).
    private int _head;

    public int Count { get; private set; }

    public void Append(string cardToken, DateTime localTime)
    {
        var use = new KeptCardUse(cardToken, localTime);
        _insertionOrder.Add(use);
        Count++;
        if (_byTime is not null && _newestOfCard is not null)
        {
            Index(use, _byTime, _newestOfCard);
        }
        else if (Count > IndexFrom)
        {
            BuildIndex();
        }
    }

    /// <summary>Drops every kept use at or before <paramref name="horizon"/>.</summary>
    public void DropThrough(DateTime horizon)
    {
        if (_byTime is null)
        {
            for (var i = _head; i < _insertionOrder.Count; i++)
            {
                var use = _insertionOrder[i];
                if (!use.Dropped && use.LocalTime <= horizon)
                {
                    Drop(use);
                }
            }
        }
        else
        {
            while (_byTime.TryPeek(out var earliest, out var ticks) && ticks <= horizon.Ticks)
            {
                _byTime.Dequeue();
                if (!earliest.Dropped)
                {
                    Drop(earliest);
                }
            }
        }

        Compact();
    }

    /// <summary>Drops the oldest kept use by insertion (not by time).</summary>
    public void DropOldest()
    {
        Invariant.Require(Count > 0, "kept card uses: nothing to drop");
        while (_insertionOrder[_head].Dropped)
        {
            _head++;
        }

        Drop(_insertionOrder[_head]);
        _head++;
        Compact();
    }

    /// <summary>Kept uses of <paramref name="cardToken"/> in (<paramref name="after"/>, <paramref name="upTo"/>].</summary>
    public int CountWithin(string cardToken, DateTime after, DateTime upTo)
    {
        var count = 0;
        if (_newestOfCard is null)
        {
            for (var i = _head; i < _insertionOrder.Count; i++)
            {
                var use = _insertionOrder[i];
                if (!use.Dropped && use.LocalTime > after && use.LocalTime <= upTo && string.Equals(use.CardToken, cardToken, StringComparison.Ordinal))
                {
                    count++;
                }
            }

            return count;
        }

        for (var use = _newestOfCard.GetValueOrDefault(cardToken); use is not null; use = use.OlderOfCard)
        {
            if (use.LocalTime > after && use.LocalTime <= upTo)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The kept uses oldest first by insertion: the stored shape.</summary>
    public List<CardUse> ToList()
    {
        var list = new List<CardUse>(Count);
        for (var i = _head; i < _insertionOrder.Count; i++)
        {
            var use = _insertionOrder[i];
            if (!use.Dropped)
            {
                list.Add(new CardUse { CardToken = use.CardToken, LocalTime = use.LocalTime });
            }
        }

        return list;
    }

    private static void Index(KeptCardUse use, PriorityQueue<KeptCardUse, long> byTime, Dictionary<string, KeptCardUse> newestOfCard)
    {
        byTime.Enqueue(use, use.LocalTime.Ticks);
        if (newestOfCard.TryGetValue(use.CardToken, out var newest))
        {
            use.OlderOfCard = newest;
            newest.NewerOfCard = use;
        }

        newestOfCard[use.CardToken] = use;
    }

    private void BuildIndex()
    {
        var byTime = new PriorityQueue<KeptCardUse, long>(Count);
        var newestOfCard = new Dictionary<string, KeptCardUse>(Count, StringComparer.Ordinal);
        for (var i = _head; i < _insertionOrder.Count; i++)
        {
            if (!_insertionOrder[i].Dropped)
            {
                Index(_insertionOrder[i], byTime, newestOfCard);
            }
        }

        _byTime = byTime;
        _newestOfCard = newestOfCard;
    }

    private void Drop(KeptCardUse use)
    {
        use.Dropped = true;
        Count--;
        if (_newestOfCard is null)
        {
            return;
        }

        if (use.NewerOfCard is { } newer)
        {
            newer.OlderOfCard = use.OlderOfCard;
        }
        else if (use.OlderOfCard is { } older)
        {
            _newestOfCard[use.CardToken] = older;
        }
        else
        {
            _newestOfCard.Remove(use.CardToken);
        }

        if (use.OlderOfCard is { } olderOne)
        {
            olderOne.NewerOfCard = use.NewerOfCard;
        }

        use.OlderOfCard = null;
        use.NewerOfCard = null;
    }

    private void Compact()
    {
        var limit = (2 * Count) + CompactionSlack;
        if (_insertionOrder.Count > limit)
        {
            var write = 0;
            for (var read = _head; read < _insertionOrder.Count; read++)
            {
                if (!_insertionOrder[read].Dropped)
                {
                    _insertionOrder[write++] = _insertionOrder[read];
                }
            }

            _insertionOrder.RemoveRange(write, _insertionOrder.Count - write);
            _head = 0;
        }

        if (_byTime is not null && _byTime.Count > limit)
        {
            var kept = new List<(KeptCardUse, long)>(Count);
            foreach (var (use, ticks) in _byTime.UnorderedItems)
            {
                if (!use.Dropped)
                {
                    kept.Add((use, ticks));
                }
            }

            _byTime.Clear();
            _byTime.EnqueueRange(kept);
        }
    }
}
