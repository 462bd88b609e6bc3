using Kit.Simulator.Catalog;

namespace Kit.Simulator.Engine;

/// <summary>Merchant-API faults armed for a client's next calls, and the requests an amount-triggered fault has already broken.</summary>
public sealed partial class SimulatorStore
{
    /// <summary>How many faults are armed (-1: not counted yet), so that a merchant-API call with none armed costs no query.</summary>
    private int _armedApiFaults = -1;

    private void RecountArmedApiFaults() =>
        _armedApiFaults = Convert.ToInt32(Scalar("SELECT COUNT(*) FROM api_faults WHERE remaining > 0"));

    /// <summary>Arms <paramref name="fault"/> for the client's next <paramref name="count"/> calls of an operation ("*": any); null disarms.</summary>
    public void ArmApiFault(string clientId, string operation, ApiFault? fault, int count)
    {
        if (fault is null)
            Scalar("DELETE FROM api_faults WHERE client_id = $c AND operation = $o", ("$c", clientId), ("$o", operation));
        else
            Scalar("""
                INSERT INTO api_faults VALUES ($c, $o, $f, $d, $n)
                ON CONFLICT(client_id, operation) DO UPDATE SET fault = $f, delay_seconds = $d, remaining = $n
                """, ("$c", clientId), ("$o", operation), ("$f", fault.Name), ("$d", (object?)fault.DelaySeconds ?? DBNull.Value), ("$n", count));
        RecountArmedApiFaults();
    }

    /// <summary>The fault armed for this call of the operation (an operation's own before "*"), counted down as it is taken.</summary>
    public ApiFault? TakeApiFault(string clientId, string operation)
    {
        if (_armedApiFaults < 0) RecountArmedApiFaults();
        if (_armedApiFaults == 0) return null;
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT operation, fault, delay_seconds FROM api_faults
                WHERE client_id = $c AND operation IN ($o, '*') AND remaining > 0 ORDER BY operation = '*' LIMIT 1
                """;
            command.Parameters.AddWithValue("$c", clientId);
            command.Parameters.AddWithValue("$o", operation);
            string? armedFor = null, name = null;
            int? delay = null;
            using (var r = command.ExecuteReader())
                if (r.Read()) (armedFor, name, delay) = (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2));
            if (armedFor is null) return null;
            ExecuteLocked("UPDATE api_faults SET remaining = remaining - 1 WHERE client_id = $c AND operation = $o; DELETE FROM api_faults WHERE remaining <= 0",
                ("$c", clientId), ("$o", armedFor));
            tx.Commit();
            _armedApiFaults = Convert.ToInt32(Scalar("SELECT COUNT(*) FROM api_faults WHERE remaining > 0"));
            return ApiFaultKindWire.TryParse(name!, out var kind) ? new ApiFault(kind, delay) : null;
        }
    }

    /// <summary>The faults armed now, per client and operation, with how many calls each still breaks.</summary>
    public IReadOnlyList<(string ClientId, string Operation, ApiFault Fault, int Remaining)> ArmedApiFaults()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT client_id, operation, fault, delay_seconds, remaining FROM api_faults ORDER BY client_id, operation";
            using var r = command.ExecuteReader();
            var list = new List<(string, string, ApiFault, int)>();
            while (r.Read())
                if (ApiFaultKindWire.TryParse(r.GetString(2), out var kind))
                    list.Add((r.GetString(0), r.GetString(1), new ApiFault(kind, r.IsDBNull(3) ? null : r.GetInt32(3)), r.GetInt32(4)));
            return list;
        }
    }

    /// <summary>Records that an amount-triggered fault broke the first call with this key; false if it already had (a retry gets the real answer).</summary>
    public bool SpendTriggeredFault(string clientId, string operation, string requestKey) =>
        Convert.ToInt64(Scalar("INSERT OR IGNORE INTO api_faults_spent VALUES ($c, $o, $k); SELECT changes();",
            ("$c", clientId), ("$o", operation), ("$k", requestKey))) == 1;
}
