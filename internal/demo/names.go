package demo

// The Korean vocabulary of the demo: markets, alleys, stall names and the
// products sold online. Only data is Korean; identifiers stay ASCII.

// category is what a stall sells; it drives levels, weekday profiles,
// holiday surges and the planted programme effects.
type category int

const (
	catSeafood category = iota
	catGukbap
	catBanchan
	catFruit
	catMeat
	catTteok
	numCategories
)

// categoryNames are the category values written to market.yaml.
var categoryNames = [numCategories]string{"수산", "국밥", "반찬", "청과", "정육", "떡분식"}

func (c category) String() string { return categoryNames[c] }

// alleyDef is one themed street; stalls of an alley share its category.
type alleyDef struct {
	id, name string
	cat      category
	share    float64 // share of the market's stalls (45/25/25/20/20/15 of 150)
}

var alleyDefs = []alleyDef{
	{"seafood", "수산물 거리", catSeafood, 45},
	{"gukbap", "국밥 거리", catGukbap, 25},
	{"banchan", "반찬 거리", catBanchan, 25},
	{"fruit", "청과 거리", catFruit, 20},
	{"meat", "정육 거리", catMeat, 20},
	{"tteok", "떡·분식 거리", catTteok, 15},
}

// marketDef names a market. The first is the project's market; the others
// are the smaller copies added with Options.Markets.
type marketDef struct {
	id, name, district, short string
	scale                     float64 // stalls relative to Options.Stalls
}

var marketDefs = []marketDef{
	{"namgwangju", "남광주시장", "광주광역시 동구", "NAMGWANGJU", 1},
	{"daein", "대인시장", "광주광역시 동구", "DAEIN", 0.6},
	{"yangdong", "양동시장", "광주광역시 서구", "YANGDONG", 0.5},
	{"malbau", "말바우시장", "광주광역시 북구", "MALBAU", 0.4},
	{"songjeong", "송정매일시장", "광주광역시 광산구", "SONGJEONG", 0.35},
	{"seobang", "서방시장", "광주광역시 북구", "SEOBANG", 0.3},
	{"wolgok", "월곡시장", "광주광역시 광산구", "WOLGOK", 0.3},
}

// namedStall is a stall from the news story about the project.
type namedStall struct {
	name    string
	cat     category
	theme   string  // product theme: hongeo, frozen, tteokgalbi or "" (category default)
	base    float64 // daily card sales level in won
	program string  // first-wave programme: smartstore or jangbogi
}

// namedStalls appear in the first market only. 떡갈비본가 덕이네 sells
// cooked 떡갈비 as a side dish, so it is a 반찬 stall in the 반찬 거리.
var namedStalls = []namedStall{
	{"자매수산", catSeafood, "hongeo", 1_000_000, "smartstore"},
	{"나주수산", catSeafood, "hongeo", 900_000, "smartstore"},
	{"떡갈비본가 덕이네", catBanchan, "tteokgalbi", 650_000, "smartstore"},
	{"일호상사", catSeafood, "frozen", 800_000, "smartstore"},
	{"목포수산", catSeafood, "", 700_000, "jangbogi"},
}

// Stall names are a prefix and a category suffix: 진도홍어, 순자네반찬, ….
var namePrefixes = []string{
	"진도", "완도", "여수", "신안", "해남", "강진", "장흥", "보성", "고흥", "순천",
	"광양", "영광", "함평", "무안", "담양", "화순", "곡성", "구례", "영암", "남도",
	"무등", "서석", "충장", "금남", "학동", "지산", "산수", "계림", "동명", "월산",
	"백운", "첨단", "상무", "풍암", "우리", "한솔", "청솔", "새솔", "대박", "행운",
	"으뜸", "제일", "명품", "싱싱", "바다", "해뜰", "해오름", "늘푸른", "다정", "정든",
	"고향", "엄마", "할매", "이모", "삼촌", "형제", "부부", "모녀", "큰집", "온누리",
	"한마음", "금성", "태양", "은하", "동백", "매화", "영산강", "섬진강", "남해", "서해",
	"흑산도", "홍도", "득량만", "여자만", "대성", "동광", "서광", "금강", "현대", "신흥",
	"순자네", "영희네", "미숙이네", "정례네", "말순이네", "복순이네", "춘자네", "옥자네",
	"금순이네", "광자네", "숙자네", "경자네", "명자네", "영자네", "순이네", "길자네",
	"막내네", "둘째네", "큰언니네", "삼남매", "사형제", "오복", "만복", "다복", "대복",
}

var nameSuffixes = [numCategories][]string{
	catSeafood: {"수산", "상회", "홍어", "수산상회", "건어물", "젓갈", "해산물"},
	catGukbap:  {"국밥", "순대국밥", "돼지국밥", "국밥집", "순댓국"},
	catBanchan: {"반찬", "반찬가게", "김치", "밑반찬", "찬방"},
	catFruit:   {"청과", "과일", "야채", "농산", "청과상회"},
	catMeat:    {"정육", "축산", "정육점", "한우", "식육점"},
	catTteok:   {"떡집", "분식", "방앗간", "떡방앗간", "떡볶이"},
}

// product is an item in a catalog; price is the usual selling price in won.
type product struct {
	name  string
	price int64
}

// catalogs by theme; a theme is a category name or a special stall theme.
var catalogs = map[string][]product{
	"수산": {
		{"손질 고등어 2손", 12_000}, {"참조기 10미", 25_000}, {"생물 갈치 2마리", 32_000},
		{"완도 전복 1kg", 45_000}, {"손질 오징어 3마리", 18_000}, {"꽃게 1kg", 28_000},
		{"낙지 3마리", 30_000}, {"생굴 1kg", 15_000}, {"바지락 2kg", 12_000}, {"민어 1마리", 60_000},
	},
	"hongeo": {
		{"흑산도 홍어회 500g", 45_000}, {"국내산 홍어 1kg", 65_000}, {"홍어애 300g", 25_000},
		{"홍어무침 500g", 22_000}, {"홍어 삼합 세트", 55_000}, {"칠레산 홍어 1kg", 28_000},
	},
	"frozen": {
		{"냉동 손질오징어 1kg", 16_000}, {"냉동 새우 1kg", 22_000}, {"냉동 갈치 1kg", 26_000},
		{"냉동 꽃게 2kg", 30_000}, {"냉동 동태 2마리", 12_000},
	},
	"국밥": {
		{"순대국밥 밀키트 2인분", 14_000}, {"돼지국밥 포장 2인분", 16_000}, {"순대 1kg", 12_000},
		{"수육 500g", 18_000}, {"머릿고기 500g", 15_000},
	},
	"반찬": {
		{"배추김치 2kg", 20_000}, {"갓김치 1kg", 15_000}, {"밑반찬 5종 세트", 25_000},
		{"깻잎장아찌 500g", 9_000}, {"파김치 1kg", 14_000}, {"멸치볶음 300g", 8_000}, {"무말랭이 500g", 9_000},
	},
	"tteokgalbi": {
		{"떡갈비 10장", 30_000}, {"한우 떡갈비 5장", 35_000}, {"떡갈비 반찬 세트", 28_000},
		{"돼지 떡갈비 1kg", 25_000},
	},
	"청과": {
		{"나주배 5kg", 35_000}, {"사과 3kg", 25_000}, {"무등산 수박 1통", 30_000}, {"감귤 5kg", 20_000},
		{"단감 5kg", 22_000}, {"딸기 1kg", 15_000}, {"방울토마토 2kg", 14_000},
	},
	"정육": {
		{"한우 등심 300g", 38_000}, {"한우 국거리 500g", 25_000}, {"한돈 삼겹살 600g", 16_000},
		{"한돈 목살 600g", 15_000}, {"LA갈비 1kg", 35_000}, {"한우 불고기 500g", 22_000},
	},
	"떡분식": {
		{"모둠떡 세트", 20_000}, {"송편 1kg", 14_000}, {"가래떡 2kg", 12_000},
		{"떡볶이 밀키트 3인분", 9_000}, {"인절미 1kg", 13_000}, {"찹쌀떡 20개", 15_000},
	},
}

// storeThemeWords name a stall's smartstore: "<stall> <theme word>".
var storeThemeWords = map[string]string{
	"hongeo": "홍어", "frozen": "냉동수산", "tteokgalbi": "",
	"수산": "산지직송", "국밥": "밀키트", "반찬": "반찬몰", "청과": "과일가게", "정육": "정육몰", "떡분식": "떡공방",
}

// Budget components of the 10억 원 project (ids ASCII, names Korean).
type componentDef struct {
	id, name string
	plan     int64
	rate     float64 // share of the plan spent by the end
	items    []string
}

var componentDefs = []componentDef{
	{"platform", "플랫폼 입점 지원", 250_000_000, 0.95, []string{"입점 컨설팅", "상품 촬영", "상세페이지 제작"}},
	{"delivery", "배송 지원", 150_000_000, 0.90, []string{"배송비 지원", "포장재 구입"}},
	{"live", "라이브커머스", 180_000_000, 0.93, []string{"방송 제작", "쇼호스트 섭외"}},
	{"training", "교육", 100_000_000, 0.88, []string{"강사료", "교육장 임차", "교재 제작"}},
	{"promotion", "홍보", 170_000_000, 0.92, []string{"온라인 광고", "홍보물 제작"}},
	{"office", "사업단 운영", 150_000_000, 0.91, []string{"인건비", "운영비"}},
}

// Card acquirers (매입사) with their share of transactions and a fake BIN.
var acquirers = []struct {
	name  string
	share float64
	bin   string
}{
	{"신한카드", 0.22, "4518"}, {"국민카드", 0.20, "9430"}, {"삼성카드", 0.15, "5327"},
	{"현대카드", 0.12, "4033"}, {"롯데카드", 0.07, "5326"}, {"비씨카드", 0.12, "9411"},
	{"하나카드", 0.07, "4579"}, {"농협카드", 0.05, "5461"},
}

// smartstoreNotice is the notice row one store's exports carry above the header.
const smartstoreNotice = "※ 개인정보 보호를 위해 구매자 정보는 주문 처리 목적으로만 사용하고, 목적 달성 후 즉시 파기하시기 바랍니다."
