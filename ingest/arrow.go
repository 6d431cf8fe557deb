package ingest

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Parsed records travel to DuckDB as Arrow record batches: one batch per
// incoming table, registered as a view and materialised once.

var (
	tsType   = &arrow.TimestampType{Unit: arrow.Microsecond} // no zone: DuckDB TIMESTAMP
	dateType = arrow.FixedWidthTypes.Date32
	str      = arrow.BinaryTypes.String
	i64      = arrow.PrimitiveTypes.Int64
	i32      = arrow.PrimitiveTypes.Int32
)

func schema(fields ...arrow.Field) *arrow.Schema { return arrow.NewSchema(fields, nil) }

func field(name string, t arrow.DataType) arrow.Field { return arrow.Field{Name: name, Type: t} }

// batchOf builds one record batch: fill appends row i's values to the builders.
func batchOf(s *arrow.Schema, n int, fill func(b *array.RecordBuilder, i int)) arrow.RecordBatch {
	b := array.NewRecordBuilder(memory.DefaultAllocator, s)
	defer b.Release()
	b.Reserve(n)
	for i := 0; i < n; i++ {
		fill(b, i)
	}
	return b.NewRecordBatch()
}

func strs(b *array.RecordBuilder, i int) *array.StringBuilder {
	return b.Field(i).(*array.StringBuilder)
}
func ts(b *array.RecordBuilder, i int, t time.Time) {
	b.Field(i).(*array.TimestampBuilder).Append(arrow.Timestamp(t.UnixMicro()))
}
func date(b *array.RecordBuilder, i int, t time.Time) {
	b.Field(i).(*array.Date32Builder).Append(arrow.Date32FromTime(t))
}

var salesSchema = schema(field("market_id", str), field("stall_id", str), field("channel", str),
	field("source", str), field("order_key", str), field("sold_at", tsType), field("sale_date", dateType),
	field("gross_krw", i64), field("net_krw", i64), field("qty", i32), field("status", str), field("buyer_key", str))

func salesBatch(source string, rs []saleRec) arrow.RecordBatch {
	return batchOf(salesSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		strs(b, 0).Append(r.market)
		strs(b, 1).Append(r.stall)
		strs(b, 2).Append(r.channel)
		strs(b, 3).Append(source)
		strs(b, 4).Append(r.orderKey)
		ts(b, 5, r.soldAt)
		date(b, 6, r.saleDate)
		b.Field(7).(*array.Int64Builder).Append(r.gross)
		b.Field(8).(*array.Int64Builder).Append(r.net)
		b.Field(9).(*array.Int32Builder).Append(r.qty)
		strs(b, 10).Append(r.status)
		strs(b, 11).Append(r.buyerKey)
	})
}

var cancelsSchema = schema(field("market_id", str), field("source", str), field("order_key", str),
	field("cancel_key", str), field("amount_krw", i64), field("cancelled_at", tsType))

func cancelsBatch(source string, rs []cancelRec) arrow.RecordBatch {
	return batchOf(cancelsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		strs(b, 0).Append(r.market)
		strs(b, 1).Append(source)
		strs(b, 2).Append(r.orderKey)
		strs(b, 3).Append(r.cancelKey)
		b.Field(4).(*array.Int64Builder).Append(r.amount)
		ts(b, 5, r.at)
	})
}

var footfallSchema = schema(field("market_id", str), field("sensor_id", str), field("alley_id", str),
	field("ts", tsType), field("visitors", i32))

func footfallBatch(rs []footfallRec) arrow.RecordBatch {
	return batchOf(footfallSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		strs(b, 0).Append(r.market)
		strs(b, 1).Append(r.sensor)
		strs(b, 2).Append(r.alley)
		ts(b, 3, r.ts)
		b.Field(4).(*array.Int32Builder).Append(r.visitors)
	})
}

var spendSchema = schema(field("market_id", str), field("component", str), field("item", str),
	field("memo", str), field("line_key", str), field("spent_on", dateType), field("amount_krw", i64))

func spendBatch(rs []spendRec) arrow.RecordBatch {
	return batchOf(spendSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		strs(b, 0).Append(r.market)
		strs(b, 1).Append(r.component)
		strs(b, 2).Append(r.item)
		strs(b, 3).Append(r.memo)
		strs(b, 4).Append(r.lineKey)
		date(b, 5, r.spentOn)
		b.Field(6).(*array.Int64Builder).Append(r.amount)
	})
}

var eventsSchema = schema(field("market_id", str), field("stall_id", str), field("kind", str),
	field("title", str), field("event_date", dateType))

func eventsBatch(rs []eventRec) arrow.RecordBatch {
	return batchOf(eventsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		strs(b, 0).Append(r.market)
		strs(b, 1).Append(r.stall)
		strs(b, 2).Append(r.kind)
		strs(b, 3).Append(r.title)
		date(b, 4, r.date)
	})
}

var settlementsSchema = schema(field("market_id", str), field("stall_id", str), field("product_order_key", str),
	field("settle_kind", str), field("settle_status", str), field("settle_date", dateType),
	field("base_krw", i64), field("fee_krw", i64), field("expected_krw", i64))

func settlementsBatch(rs []settleRec) arrow.RecordBatch {
	return batchOf(settlementsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		strs(b, 0).Append(r.market)
		strs(b, 1).Append(r.stall)
		strs(b, 2).Append(r.orderKey)
		strs(b, 3).Append(r.kind)
		strs(b, 4).Append(r.status)
		date(b, 5, r.date)
		b.Field(6).(*array.Int64Builder).Append(r.base)
		b.Field(7).(*array.Int64Builder).Append(r.fee)
		b.Field(8).(*array.Int64Builder).Append(r.expected)
	})
}

var rejectsSchema = schema(field("row_number", i64), field("column_name", str), field("kind", str), field("reason", str))

func rejectsBatch(rs []*RowError) arrow.RecordBatch {
	return batchOf(rejectsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := rs[i]
		b.Field(0).(*array.Int64Builder).Append(int64(r.Row))
		strs(b, 1).Append(r.Column)
		strs(b, 2).Append(r.Kind)
		strs(b, 3).Append(r.Err.Error())
	})
}

var fileStallsSchema = schema(field("market_id", str), field("stall_id", str))

func fileStallsBatch(rs [][2]string) arrow.RecordBatch {
	return batchOf(fileStallsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		strs(b, 0).Append(rs[i][0])
		strs(b, 1).Append(rs[i][1])
	})
}
