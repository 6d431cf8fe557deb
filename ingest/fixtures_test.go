package ingest

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/korean"
)

// The binary fixtures of testdata (xlsx workbooks, CP949 and BOM-prefixed
// CSV) are written by this file, so that what they hold can be read here.
// The plain UTF-8 fixtures are written by hand in testdata itself.
//
//	go test -tags=duckdb_arrow ./ingest/ -run TestFixtures -update
var update = flag.Bool("update", false, "rewrite the generated fixtures under testdata/")

// fixture is one generated file: its path under testdata and its bytes.
type fixture struct {
	path  string
	build func() ([]byte, error)
	xlsx  bool
}

// testPassword opens the encrypted fixture; testdata/market.yaml lists it
// after a wrong one.
const testPassword = "sijang-1234"

// smartstoreHeader is the full default header of the 발주/발송관리 export,
// A..BU (shared/formats/README.md §1.1).
var smartstoreHeader = []string{
	"상품주문번호", "주문번호", "배송속성", "풀필먼트사(주문 기준)", "택배사(주문 기준)", "배송방법(구매자 요청)", "배송방법", "택배사",
	"송장번호", "발송일", "판매채널", "구매자명", "구매자ID", "수취인명", "주문상태", "주문세부상태", "수량클레임 여부", "결제위치",
	"결제일", "상품번호", "상품명", "상품종류", "반품안심케어", "멤버십N배송", "옵션정보", "옵션관리코드", "수량", "옵션가격", "상품가격",
	"최종 상품별 할인액", "최초 상품별 할인액", "판매자 부담 할인액", "최종 상품별 총 주문금액", "최초 상품별 총 주문금액", "사은품",
	"발주확인일", "발송기한", "발송처리일", "송장출력일", "배송비 형태", "배송비 묶음번호", "배송비 유형", "배송비 합계",
	"제주/도서 추가배송비", "배송비 할인액", "판매자 상품코드", "판매자 내부코드1", "판매자 내부코드2", "수취인연락처1", "수취인연락처2",
	"통합배송지", "기본배송지", "상세배송지", "구매자연락처", "우편번호", "배송메세지", "출고지", "결제수단",
	"네이버페이 주문관리 수수료", "매출연동 수수료", "정산예정금액", "개인통관고유부호", "주문일시", "배송희망일", "구독신청회차",
	"구독진행회차", "구독배송희망일", "배송태그 유형", "출입방법 유형", "출입방법 내용", "수령위치 유형", "수령위치 내용",
}

// fullHeaderRow lays out one order line over the 72 columns by name.
func fullHeaderRow(v map[string]any) []any {
	row := make([]any, len(smartstoreHeader))
	for i, name := range smartstoreHeader {
		if x, ok := v[name]; ok {
			row[i] = x
			delete(v, name)
		} else {
			row[i] = ""
		}
	}
	if len(v) > 0 {
		panic(fmt.Sprintf("columns not in the 72-column header: %v", v))
	}
	return row
}

// person is a fixture buyer; every value is fake and listed in testdata/personal.txt.
type person struct{ name, id, recipient, phone, phone2, address, detail, zip, message, customs, entrance, place, invoice string }

var (
	minjun = person{"가명김민준", "fake_minjun88", "가명이서연", "010-2222-3333", "010-4444-5555", "가상특별시 비밀구 숨김로 12",
		"101동 1001호 가명", "99801", "문 앞에 두고 벨 눌러주세요 가명", "P990011223344", "공동현관 비번 #7788", "경비실 옆 택배함 가명", "640123456789"}
	seoyeon = person{"가명송서윤", "fake_seoyeon02", "가명송서윤", "010-3030-4040", "", "가상특별시 허구구 없는로 3",
		"2층 가명", "99803", "", "", "", "", "640123456790"}
)

func (b person) columns(v map[string]any) map[string]any {
	for k, x := range map[string]any{"구매자명": b.name, "구매자ID": b.id, "수취인명": b.recipient, "구매자연락처": b.phone2,
		"수취인연락처1": b.phone, "통합배송지": b.address + " " + b.detail, "기본배송지": b.address, "상세배송지": b.detail,
		"우편번호": b.zip, "배송메세지": b.message, "개인통관고유부호": b.customs, "출입방법 내용": b.entrance,
		"수령위치 내용": b.place, "송장번호": b.invoice} {
		v[k] = x
	}
	return v
}

func fixtures() []fixture {
	return []fixture{
		{path: "smartstore-full-header/input.xlsx", xlsx: true, build: func() ([]byte, error) {
			line := func(v map[string]any) []any {
				v["배송속성"], v["배송방법"], v["택배사"], v["배송비 묶음번호"] = "일반배송", "택배,등기,소포", "CJ대한통운", "B-"+v["주문번호"].(string)
				return fullHeaderRow(v)
			}
			rows := [][]any{anys(smartstoreHeader),
				// One order of two lines sharing a shipping bundle: 배송비 합계 repeats and is not sales.
				line(minjun.columns(map[string]any{"상품주문번호": "2022110112345601", "주문번호": "2022110198765401", "판매채널": "스마트스토어",
					"주문상태": "구매확정", "결제일": "2022-11-01 09:31:02", "상품번호": "5000000001", "상품명": "흑산도 홍어 1kg", "수량": 2,
					"상품가격": 29900, "최종 상품별 총 주문금액": "59,800", "최초 상품별 총 주문금액": 59800, "배송비 합계": 4000,
					"정산예정금액": 57000, "주문일시": "2022-11-01 09:30:12"})),
				line(minjun.columns(map[string]any{"상품주문번호": "2022110112345602", "주문번호": "2022110198765401", "판매채널": "스마트스토어",
					"주문상태": "배송중", "결제일": "2022-11-01 09:31:02", "상품번호": "5000000002", "상품명": "홍어애탕 세트", "수량": 1,
					"상품가격": 19900, "최종 상품별 총 주문금액": "19,900원", "배송비 합계": 4000, "주문일시": "2022-11-01 09:30:12"})),
				// A 동네시장 장보기 order through a smartstore product: 판매채널 decides the channel.
				line(seoyeon.columns(map[string]any{"상품주문번호": "2022110212345603", "주문번호": "2022110298765402", "판매채널": "네이버 동네시장 장보기",
					"주문상태": "취소완료", "상품번호": "5000000001", "수량": 1, "최종 상품별 총 주문금액": 15000, "주문일시": "2022-11-02 18:05:00"})),
				// S2's store is a 장보기 store; a dotted date.
				line(minjun.columns(map[string]any{"상품주문번호": "2022110312345604", "주문번호": "2022110398765403", "판매채널": "스마트스토어",
					"주문상태": "반품완료", "상품번호": "6000000001", "수량": 1, "최종 상품별 총 주문금액": "32,000", "주문일시": "2022.11.03 07:45:00"})),
				line(seoyeon.columns(map[string]any{"상품주문번호": "2022110412345605", "주문번호": "2022110498765404", "판매채널": "스마트스토어",
					"주문상태": "결제완료", "상품번호": "5999999999", "수량": 1, "최종 상품별 총 주문금액": 10000, "주문일시": "2022-11-04 20:00:00"})),
				line(map[string]any{"상품주문번호": "2022110412345606", "주문번호": "2022110498765405", "판매채널": "스마트스토어",
					"주문상태": "결제완료", "상품번호": "5000000001", "수량": 1, "최종 상품별 총 주문금액": 12500, "주문일시": "2022-11-04 21:10:00"}),
			}
			return workbook{sheet: "발주발송관리", rows: rows, modified: "2022-11-05T00:00:00Z"}.bytes()
		}},
		{path: "smartstore-notice-row/input.xlsx", xlsx: true, build: func() ([]byte, error) {
			header := []any{"상품주문번호", "주문번호", "주문일시", "주문상태", "상품번호", "수량", "최종 상품별 총 주문금액", "배송비 합계",
				"구매자ID", "구매자명", "수취인연락처1", "기본배송지", "상세배송지", "우편번호"}
			who := func(b person) []any { return []any{b.id, b.name, b.phone, b.address, b.detail, b.zip} }
			return workbook{sheet: "주문통합검색", modified: "2022-11-10T00:00:00Z", rows: [][]any{
				{"※ 개인정보 보호를 위해 구매자 정보는 배송 완료 후 3개월이 지나면 파기됩니다."},
				{},
				header,
				append([]any{"2022110812345611", "2022110898765411", "2022-11-08 11:00:00", "배송완료", "6000000001", 2, 24000, 3000}, who(minjun)...),
				append([]any{"2022110812345612", "2022110898765412", "2023-01-15 10:00:00", "결제완료", "5000000001", 1, 10000, 3000}, who(seoyeon)...),
				append([]any{"2022110912345613", "2022110998765413", "2022-11-09 08:00:00", "구매확정", "5000000001", 1, "-5,000", 0}, who(seoyeon)...),
				append([]any{"2022110912345614", "2022110998765414", "2022-11-09T08:15:00+09:00", "구매확정", "5000000002", 1, "9,900", 0}, who(minjun)...),
			}}.bytes()
		}},
		{path: "smartstore-excel-serial/input.xlsx", xlsx: true, build: func() ([]byte, error) {
			// Serial 44875 is 2022-11-10; .375 is 09:00, .7604166… is 18:15, .5 is noon.
			return workbook{sheet: "구매확정내역", modified: "2022-11-12T00:00:00Z", dateCols: []int{4, 5}, rows: [][]any{
				{"상품주문번호", "주문번호", "상품번호", "주문상태", "결제일", "주문일시", "수량", "최종 상품별 총 주문금액", "구매자ID"},
				{2022111012345615, 2022111098765415, 5000000001, "구매확정", 44875.376, 44875.375, 1, 35000, minjun.id},
				{2022111012345616, 2022111098765416, 5000000002, "배송중", 44875.77, 44875.7604166666666666, 2, 41800, minjun.id},
				{2022111112345617, 2022111198765417, 6000000001, "결제완료", 44876.5, 44876.5, 1, 12000, seoyeon.id},
				{2022111112345618, 2022111198765418, 6000000001, "결제완료", 9999999, 9999999, 1, 12000, seoyeon.id},
			}}.bytes()
		}},
		{path: "smartstore-password/input.xlsx", xlsx: true, build: func() ([]byte, error) {
			header := []any{"상품주문번호", "주문번호", "상품번호", "주문상태", "주문일시", "수량", "최종 상품별 총 주문금액", "구매자명", "구매자ID", "수취인연락처1"}
			return workbook{sheet: "발주발송관리", modified: "2022-11-13T00:00:00Z", password: testPassword, rows: [][]any{
				{"※ 다운로드 파일은 개인정보 보호를 위해 암호화되었습니다."},
				header,
				{"2022111212345618", "2022111298765418", "5000000001", "구매확정", "2022-11-12 10:10:10", 1, 27000, minjun.name, minjun.id, minjun.phone},
				{"2022111212345619", "2022111298765419", "6000000001", "배송완료", "2022-11-12 10:12:00", 1, 16000, minjun.name, minjun.id, minjun.phone},
			}}.bytes()
		}},
		{path: "smartstore-overlap/input-1.xlsx", xlsx: true, build: overlapOlder},
		{path: "smartstore-overlap/input-2.xlsx", xlsx: true, build: overlapNewer},
		{path: "smartstore-overlap-older-last/input-1.xlsx", xlsx: true, build: overlapNewer},
		{path: "smartstore-overlap-older-last/input-2.xlsx", xlsx: true, build: overlapOlder},
		{path: "settlement/input-1.xlsx", xlsx: true, build: func() ([]byte, error) {
			header := []any{"주문번호", "상품주문번호", "구분", "상품명", "구매자명", "결제일", "정산기준일", "정산예정일", "정산완료일", "정산상태",
				"정산기준금액", "네이버페이 주문관리 수수료", "매출연동 수수료", "정산예정금액", "판매자상품코드", "옵션관리코드"}
			return workbook{sheet: "SettleCaseByCase", modified: "2022-11-30T00:00:00Z", rows: [][]any{
				header,
				{"2022112198765423", "2022112112345623", "상품주문", "흑산도 홍어 1kg", seoyeon.name, "2022-11-21", "2022-11-24", "2022-11-29", "2022-11-29", "일반정산", 30000, -600, -300, 29100, "", ""},
				{"2022112198765423", "", "배송비", "", seoyeon.name, "2022-11-21", "2022-11-24", "2022-11-29", "2022-11-29", "일반정산", 3000, -60, 0, 2940, "", ""},
				{"2022112298765424", "2022112212345624", "상품주문", "목포 갈치", minjun.name, "2022-11-22", "2022-11-22", "2022-11-23", "2022-11-23", "빠른정산", 20000, -400, -200, 19400, "6000000001", ""},
				{"2022112298765424", "2022112212345624", "상품주문", "목포 갈치", minjun.name, "2022-11-22", "2022-11-28", "2022-11-28", "2022.11.28", "빠른정산 회수", -20000, 400, 200, -19400, "6000000001", ""},
				{"2022112398765425", "2022112312345625", "상품주문", "홍어애탕 세트", minjun.name, "2022-11-23", "2022-11-24", "2022-11-30", "", "정산전 취소", "abc", 0, 0, 0, "5000000002", ""},
			}}.bytes()
		}},
		{path: "card-cp949/input.csv", build: func() ([]byte, error) {
			return csvBytes(true, false, [][]string{
				{"카드매출 승인내역"},
				{"조회기간: 2021-01-01 ~ 2021-01-31"},
				{""},
				{"승인일자", "승인시간", "매입사", "가맹점번호", "승인번호", "승인구분", "승인금액", "할부개월", "카드번호", "원승인일자"},
				{"2021-01-04", "10:15:00", "신한카드", "1111111111", "00000001", "승인", "35,000", "00", "5327-12**-****-3456", ""},
				{"2021-01-04", "11:00:00", "국민카드", "1111111111", "00000002", "승인", "12,000원", "00", "4518-44**-****-9012", ""},
				{"2021.01.05", "091500", "신한카드", "2222222222", "00000003", "승인", "8000", "00", "5327-12**-****-3456", ""},
				{"2021-01-06", "09:00:00", "신한카드", "1111111111", "00000001", "취소", "-35,000", "00", "5327-12**-****-3456", "2021-01-04"},
				{"2021-02-30", "09:00:00", "신한카드", "1111111111", "00000009", "승인", "1,000", "00", "", ""},
				{"2021-01-07", "09:00:00", "신한카드", "9999999999", "00000010", "승인", "1,000", "00", "", ""},
			})
		}},
		{path: "card-utf8-bom/input.csv", build: func() ([]byte, error) {
			return csvBytes(false, true, [][]string{
				{"승인일시", "승인/취소", "카드사명", "가맹점번호", "승인번호", "승인금액", "할부", "카드번호"},
				{"2022-11-14 12:30:45", "승인", "BC카드", "3333333333", "30012345", "9,000", "일시불", "9410-61**-****-1234"},
				{"2022-11-14 19:02:10", "승인", "현대카드", "3333333333", "30012346", "27,000원", "일시불", "4009-87**-****-5678"},
				{"2022-11-14 19:40:00", "취소", "현대카드", "3333333333", "30012346", "-27,000", "일시불", "4009-87**-****-5678"},
				{"2022-11-15 10:00:00", "승인", "BC카드", "3333333333", "30012347", "150,000,000", "일시불", "9410-61**-****-1234"},
			})
		}},
		{path: "card-xlsx/input.xlsx", xlsx: true, build: func() ([]byte, error) {
			return workbook{sheet: "승인내역", modified: "2022-12-01T00:00:00Z", rows: [][]any{
				{"카드 승인 내역 조회"},
				{"조회기간: 2022-11-01 ~ 2022-11-30"},
				{"거래일자", "거래시간", "카드사", "가맹점번호", "승인번호", "거래구분", "거래금액", "원거래일자", "카드번호"},
				{"20221116", "093000", "신한카드", "1111111111", "77001", "승인", 15000, "", "5327-12**-****-3456"},
				{"2022.11.16", "10:05", "삼성카드", 1111111111, "77002", "승인", 8000, "", "4518-44**-****-9012"},
				{"2022-11-17", "11:11:11", "삼성카드", "2222222222", "77003", "승인", 23000, "", "4518-44**-****-9012"},
				{"2022-11-18", "12:00:00", "삼성카드", "2222222222", "77003", "취소", 23000, "2022-11-17", "4518-44**-****-9012"},
			}}.bytes()
		}},
		{path: "pos-cp949/input.csv", build: func() ([]byte, error) {
			return csvBytes(true, false, [][]string{
				{"결제 내역"},
				{"매장명: 대박국밥"},
				{"조회기간: 2022-11-01 ~ 2022-11-02"},
				{"No.", "영업일", "결제(환불)일", "결제 시간", "결제(환불)내역", "합계", "결제 금액", "할인", "포인트 사용"},
				{"1", "2022.11.01", "2022.11.01", "11:32:05", "카드 결제", "9,000", "9,000", "0", "0"},
				{"2", "2022.11.01", "2022.11.01", "12:10", "카드 결제", "20,000", "18,000", "2,000", "0"},
				{"3", "2022.11.01", "2022.11.02", "00:40:10", "현금 결제", "11,000", "11,000", "0", "0"},
				{"4", "2022.11.01", "2022.11.01", "13:00:00", "카드 환불", "-9,000", "-9,000", "0", "0"},
				{"5", "2022.11.02", "2022.11.02", "09:05:00", "카드 결제", "8,000", "8,000", "0", "0"},
				{"6", "2022.13.02", "2022.11.02", "09:06:00", "카드 결제", "5,000", "5,000", "0", "0"},
			})
		}},
		{path: "pos-utf8-bom/input.csv", build: func() ([]byte, error) {
			return csvBytes(false, true, [][]string{
				{"영업일", "결제일", "결제시간", "영수증번호", "원영수증번호", "결제구분", "매장명", "결제금액", "할인"},
				{"2022-11-03", "2022-11-03", "10:00:00", "R-0001", "", "결제", "자매수산", "32,000", "0"},
				{"2022-11-03", "2022-11-03", "10:30:00", "R-0002", "", "결제", "자매수산", "15,000", "0"},
				{"2022-11-03", "2022-11-03", "16:45:00", "R-0003", "R-0001", "환불", "자매수산", "-32,000", "0"},
				{"2022-11-03", "2022-11-04", "01:15:00", "R-0004", "", "결제", "자매수산", "7,000", "0"},
				{"2022-11-04", "2022-11-04", "09:00:00", "R-0005", "", "결제", "없는가게", "5,000", "0"},
				{"2022-11-04", "2022-11-04", "09:30:00", "R-0002", "", "결제", "자매수산", "15,000", "0"},
			})
		}},
		{path: "sdot-old/input.csv", build: func() ([]byte, error) {
			shifted := func(serial, at, visitors string) []string {
				return []string{"", "", "서울특별시", "SDOT-P", serial, "남광주시장 입구", at, visitors, "2020-11-05 13:45", "S"}
			}
			return csvBytes(true, false, [][]string{
				{"기관 명", "모델명", "시리얼", "사이트명", "날짜", "방문자수", "등록일자", "서버타입"},
				shifted("OC3CL200011", "202011051310", "37"),
				shifted("OC3CL200011", "202011051320", "41"),
				{"서울특별시", "SDOT-P", "OC3CL200011", "남광주시장 입구", "202011051330", "29", "2020-11-05 13:35", "S"},
				shifted("OC3CL200099", "202011051310", "80"),
				shifted("OC3CL200011", "202011051340", "-3"),
			})
		}},
	}
}

func overlapOlder() ([]byte, error) {
	return workbook{sheet: "발주발송관리", modified: "2022-11-20T00:00:00Z", rows: [][]any{
		overlapHeader,
		{"2022111512345620", "2022111598765420", "5000000001", "배송중", "2022-11-15 10:00:00", 1, 45000, seoyeon.id, seoyeon.phone},
		{"2022111512345621", "2022111598765421", "6000000001", "결제완료", "2022-11-15 11:00:00", 1, 18000, seoyeon.id, seoyeon.phone},
	}}.bytes()
}

func overlapNewer() ([]byte, error) {
	return workbook{sheet: "발주발송관리", modified: "2022-12-02T00:00:00Z", rows: [][]any{
		{"※ 개인정보 보호를 위해 다운로드 파일은 암호화됩니다."},
		overlapHeader,
		{"2022111512345620", "2022111598765420", "5000000001", "반품완료", "2022-11-15 10:00:00", 1, 45000, seoyeon.id, seoyeon.phone},
		{"2022111512345621", "2022111598765421", "6000000001", "구매확정", "2022-11-15 11:00:00", 1, 18000, seoyeon.id, seoyeon.phone},
		{"2022112012345622", "2022112098765422", "5000000001", "구매확정", "2022-11-20 15:30:00", 1, 22000, minjun.id, minjun.phone},
	}}.bytes()
}

var overlapHeader = []any{"상품주문번호", "주문번호", "상품번호", "주문상태", "주문일시", "수량", "최종 상품별 총 주문금액", "구매자ID", "수취인연락처1"}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// workbook describes a one-sheet xlsx fixture.
type workbook struct {
	sheet    string
	rows     [][]any
	modified string // the document's created and modified time (the export's as_of)
	password string
	dateCols []int // 0-based columns shown as date-times (the cells stay serial numbers)
}

func (w workbook) bytes() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", w.sheet); err != nil {
		return nil, err
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		return nil, err
	}
	for i, r := range w.rows {
		if len(r) == 0 {
			continue
		}
		start, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(w.sheet, start, &r); err != nil {
			return nil, err
		}
		for _, c := range w.dateCols {
			if i > 0 {
				name, _ := excelize.CoordinatesToCellName(c+1, i+1)
				if err := f.SetCellStyle(w.sheet, name, name, style); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Created: w.modified, Modified: w.modified, Creator: "sijang tests"}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf, excelize.Options{Password: w.password}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// csvBytes writes rows as CSV with CRLF line ends, in CP949 or UTF-8 (with a BOM if bom).
func csvBytes(cp949, bom bool, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	if cp949 {
		return korean.EUCKR.NewEncoder().Bytes(b)
	}
	if bom {
		b = append([]byte("\xEF\xBB\xBF"), b...)
	}
	return b, nil
}

// TestFixtures checks that the generated fixtures under testdata are what
// this file writes (xlsx by their cells: an encrypted workbook differs in
// every byte each time), and rewrites them with -update.
func TestFixtures(t *testing.T) {
	for _, fx := range fixtures() {
		path := filepath.Join("testdata", filepath.FromSlash(fx.path))
		want, err := fx.build()
		if err != nil {
			t.Fatalf("%s: %v", fx.path, err)
		}
		got, err := os.ReadFile(path)
		same := err == nil && bytes.Equal(got, want)
		if err == nil && fx.xlsx {
			same = reflect.DeepEqual(sheetCells(t, got), sheetCells(t, want))
		}
		switch {
		case same:
		case *update:
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			t.Errorf("%s is not what fixtures_test.go writes; run: go test -tags=duckdb_arrow ./ingest/ -run TestFixtures -update", path)
		}
	}
}

// sheetCells reads every sheet's raw cells of a (possibly encrypted) workbook.
func sheetCells(t *testing.T, b []byte) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{Password: testPassword, RawCellValue: true})
	if err != nil {
		f, err = excelize.OpenReader(bytes.NewReader(b), excelize.Options{RawCellValue: true})
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out[s] = rows
	}
	props, _ := f.GetDocProps()
	out["modified"] = [][]string{{strings.TrimSpace(props.Modified)}}
	return out
}
