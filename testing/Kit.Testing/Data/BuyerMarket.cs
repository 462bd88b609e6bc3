namespace Kit.Testing.Data;

/// <summary>Where the buyer pays: the market decides the currency, the banks, the language of names and goods.</summary>
public enum BuyerMarket
{
    /// <summary>THB, the Thai banks (online banking, transfer, mobile banking apps), th_TH.</summary>
    Thailand,

    /// <summary>IDR, the Indonesian banks (virtual-account transfer), in_ID.</summary>
    Indonesia,
}

/// <summary>A made-up buyer with a name in the market's script and language, an email and a mobile number in the market's form.</summary>
public sealed record TestBuyer(BuyerMarket Market, string ReferenceBuyerId, string FirstName, string LastName, string Email, string PhoneNumber)
{
    public string FullName => $"{FirstName} {LastName}";

    public Kit.Contracts.Antom.Buyer ToAntom() => new()
    {
        ReferenceBuyerId = ReferenceBuyerId,
        BuyerName = new Kit.Contracts.Antom.UserName { FirstName = FirstName, LastName = LastName, FullName = FullName },
        BuyerEmail = Email,
        BuyerPhoneNo = PhoneNumber,
    };
}
