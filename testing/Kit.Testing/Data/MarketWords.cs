namespace Kit.Testing.Data;

/// <summary>
/// Words Bogus does not have: Bogus 35.6.5 ships 50 locales and no Thai one (faker.js's <c>th</c> was never ported),
/// so Thai names are Kit's own list of common given names and surnames in Thai script, each with the romanization
/// a Thai buyer would use in an email address. Goods are a shop's everyday items in each market's language. Every
/// draw from these lists goes through Bogus's seeded Randomizer, so a seed gives the same data.
/// </summary>
internal static class MarketWords
{
    public static readonly (string Thai, string Latin)[] ThaiGivenNames =
    [
        ("สมชาย", "somchai"), ("สมศักดิ์", "somsak"), ("สมพร", "somporn"), ("วิชัย", "wichai"), ("ประเสริฐ", "prasert"),
        ("สุนทร", "sunthorn"), ("อนุชา", "anucha"), ("ธนพล", "thanaphon"), ("ณัฐพล", "natthaphon"), ("กิตติ", "kitti"),
        ("ปิยะ", "piya"), ("ศิริพร", "siriporn"), ("สุภาพร", "supaporn"), ("มาลี", "malee"), ("วันเพ็ญ", "wanphen"),
        ("นภา", "napha"), ("กาญจนา", "kanchana"), ("รัตนา", "rattana"), ("ปราณี", "pranee"), ("อรุณี", "arunee"),
        ("ชุติมา", "chutima"), ("ธิดา", "thida"), ("พรทิพย์", "pornthip"), ("สุดารัตน์", "sudarat"), ("อภิชาติ", "apichat"),
    ];

    public static readonly (string Thai, string Latin)[] ThaiSurnames =
    [
        ("แสงทอง", "saengthong"), ("ศรีสุข", "srisuk"), ("วงศ์สวัสดิ์", "wongsawat"), ("บุญมา", "boonma"), ("ทองดี", "thongdee"),
        ("สุขสวัสดิ์", "suksawat"), ("จันทร์แก้ว", "chankaew"), ("รุ่งเรือง", "rungruang"), ("ใจดี", "jaidee"), ("ศรีวงศ์", "sriwong"),
        ("แก้วมณี", "kaewmanee"), ("ประเสริฐสุข", "prasertsuk"), ("เพชรรัตน์", "petcharat"), ("มีสุข", "meesuk"), ("สายทอง", "saithong"),
        ("บุญเรือง", "boonruang"), ("พึ่งทอง", "puengthong"), ("สมบูรณ์", "somboon"), ("อินทร์แก้ว", "inkaew"), ("ชัยมงคล", "chaimongkol"),
    ];

    public static readonly string[] ThaiEmailDomains = ["gmail.com", "hotmail.com", "yahoo.co.th", "outlook.co.th"];

    /// <summary>Goods with a unit price in whole baht.</summary>
    public static readonly (string Name, string Category, int Baht)[] ThaiGoods =
    [
        ("กาแฟเย็น", "beverage", 55), ("ชาไทยเย็น", "beverage", 45), ("เมล็ดกาแฟดอยช้าง 250 กรัม", "coffee", 320),
        ("ข้าวหอมมะลิ 5 กก.", "grocery", 245), ("น้ำปลาแท้ 700 มล.", "grocery", 39), ("เสื้อยืดผ้าฝ้าย", "apparel", 290),
        ("กระเป๋าผ้าไหม", "apparel", 1450), ("หูฟังไร้สาย", "electronics", 1890), ("สบู่สมุนไพร", "beauty", 85),
        ("ชุดของขวัญผลไม้อบแห้ง", "gift", 550), ("ตั๋วรถไฟกรุงเทพ–เชียงใหม่", "travel", 881), ("หนังสือนิยาย", "books", 265),
    ];

    /// <summary>Goods with a unit price in whole rupiah (multiples of 1,000).</summary>
    public static readonly (string Name, string Category, int Rupiah)[] IndonesianGoods =
    [
        ("Kopi susu gula aren", "beverage", 28000), ("Teh botol", "beverage", 6000), ("Biji kopi Gayo 250 g", "coffee", 95000),
        ("Beras premium 5 kg", "grocery", 78000), ("Sambal bawang", "grocery", 25000), ("Kemeja batik", "apparel", 265000),
        ("Tas anyaman rotan", "apparel", 185000), ("Earphone nirkabel", "electronics", 349000), ("Sabun herbal", "beauty", 18000),
        ("Parsel kue kering", "gift", 215000), ("Tiket kereta Jakarta–Bandung", "travel", 150000), ("Novel", "books", 89000),
    ];
}
