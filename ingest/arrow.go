package ingest

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Parsed records travel to DuckDB as Arrow record batches, one per file
// and incoming table, built by the goroutine that parsed the file. Every
// incoming row carries its file's file_seq, the file's place in the load
// order, so that the files of a batch stage as one table.

var (
	tsType   = &arrow.TimestampType{Unit: arrow.Microsecond} // no zone: DuckDB TIMESTAMP
	dateType = arrow.FixedWidthTypes.Date32
	str      = arrow.BinaryTypes.String
	i64      = arrow.PrimitiveTypes.Int64
	i32      = arrow.PrimitiveTypes.Int32
)

func schema(fields ...arrow.Field) *arrow.Schema { return arrow.NewSchema(fields, nil) }

func field(name string, t arrow.DataType) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: true}
}

var fileSeq = field("file_seq", i32)

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

func seq(b *array.RecordBuilder, v int32) { b.Field(0).(*array.Int32Builder).Append(v) }
func strs(b *array.RecordBuilder, i int) *array.StringBuilder {
	return b.Field(i).(*array.StringBuilder)
}

// nullStr appends s, or NULL for "".
func nullStr(b *array.RecordBuilder, i int, s string) {
	if s == "" {
		strs(b, i).AppendNull()
		return
	}
	strs(b, i).Append(s)
}
func ts(b *array.RecordBuilder, i int, t time.Time) {
	b.Field(i).(*array.TimestampBuilder).Append(arrow.Timestamp(t.UnixMicro()))
}

// nullTS appends t, or NULL for the zero time.
func nullTS(b *array.RecordBuilder, i int, t time.Time) {
	if t.IsZero() {
		b.Field(i).(*array.TimestampBuilder).AppendNull()
		return
	}
	ts(b, i, t)
}
func date(b *array.RecordBuilder, i int, t time.Time) {
	b.Field(i).(*array.Date32Builder).Append(arrow.Date32FromTime(t))
}

// nullDate appends t's day, or NULL for the zero time.
func nullDate(b *array.RecordBuilder, i int, t time.Time) {
	if t.IsZero() {
		b.Field(i).(*array.Date32Builder).AppendNull()
		return
	}
	date(b, i, t)
}

// The source of a batch's sales lines is the batch's, so it is not repeated per row.
var salesSchema = schema(fileSeq, field("market_id", str), field("stall_id", str), field("channel", str),
	field("order_key", str), field("sold_at", tsType), field("sale_date", dateType),
	field("gross_krw", i64), field("net_krw", i64), field("qty", i32), field("status", str), field("buyer_key", str))

func salesBatch(fs int32, rs []saleRec) arrow.RecordBatch {
	return batchOf(salesSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		seq(b, fs)
		strs(b, 1).Append(r.market)
		strs(b, 2).Append(r.stall)
		strs(b, 3).Append(r.channel)
		strs(b, 4).Append(r.orderKey)
		ts(b, 5, r.soldAt)
		date(b, 6, r.saleDate)
		b.Field(7).(*array.Int64Builder).Append(r.gross)
		b.Field(8).(*array.Int64Builder).Append(r.net)
		b.Field(9).(*array.Int32Builder).Append(r.qty)
		strs(b, 10).Append(r.status)
		nullStr(b, 11, r.buyerKey)
	})
}

var cancelsSchema = schema(fileSeq, field("market_id", str), field("order_key", str),
	field("cancel_key", str), field("amount_krw", i64), field("cancelled_at", tsType))

func cancelsBatch(fs int32, rs []cancelRec) arrow.RecordBatch {
	return batchOf(cancelsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		seq(b, fs)
		strs(b, 1).Append(r.market)
		strs(b, 2).Append(r.orderKey)
		strs(b, 3).Append(r.cancelKey)
		b.Field(4).(*array.Int64Builder).Append(r.amount)
		ts(b, 5, r.at)
	})
}

var footfallSchema = schema(fileSeq, field("market_id", str), field("sensor_id", str), field("alley_id", str),
	field("ts", tsType), field("visitors", i32))

func footfallBatch(fs int32, rs []footfallRec) arrow.RecordBatch {
	return batchOf(footfallSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		seq(b, fs)
		strs(b, 1).Append(r.market)
		strs(b, 2).Append(r.sensor)
		strs(b, 3).Append(r.alley)
		ts(b, 4, r.ts)
		b.Field(5).(*array.Int32Builder).Append(r.visitors)
	})
}

var spendSchema = schema(fileSeq, field("market_id", str), field("component", str), field("item", str),
	field("memo", str), field("line_key", str), field("spent_on", dateType), field("amount_krw", i64))

func spendBatch(fs int32, rs []spendRec) arrow.RecordBatch {
	return batchOf(spendSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		seq(b, fs)
		strs(b, 1).Append(r.market)
		strs(b, 2).Append(r.component)
		strs(b, 3).Append(r.item)
		strs(b, 4).Append(r.memo)
		strs(b, 5).Append(r.lineKey)
		date(b, 6, r.spentOn)
		b.Field(7).(*array.Int64Builder).Append(r.amount)
	})
}

var eventsSchema = schema(fileSeq, field("market_id", str), field("stall_id", str), field("kind", str),
	field("title", str), field("event_date", dateType))

func eventsBatch(fs int32, rs []eventRec) arrow.RecordBatch {
	return batchOf(eventsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		seq(b, fs)
		strs(b, 1).Append(r.market)
		strs(b, 2).Append(r.stall)
		strs(b, 3).Append(r.kind)
		strs(b, 4).Append(r.title)
		date(b, 5, r.date)
	})
}

var settlementsSchema = schema(fileSeq, field("market_id", str), field("stall_id", str), field("product_order_key", str),
	field("settle_kind", str), field("settle_status", str), field("settle_date", dateType),
	field("base_krw", i64), field("fee_krw", i64), field("expected_krw", i64))

func settlementsBatch(fs int32, rs []settleRec) arrow.RecordBatch {
	return batchOf(settlementsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := &rs[i]
		seq(b, fs)
		strs(b, 1).Append(r.market)
		strs(b, 2).Append(r.stall)
		strs(b, 3).Append(r.orderKey)
		strs(b, 4).Append(r.kind)
		strs(b, 5).Append(r.status)
		date(b, 6, r.date)
		b.Field(7).(*array.Int64Builder).Append(r.base)
		b.Field(8).(*array.Int64Builder).Append(r.fee)
		b.Field(9).(*array.Int64Builder).Append(r.expected)
	})
}

var rejectsSchema = schema(fileSeq, field("row_number", i64), field("column_name", str), field("kind", str), field("reason", str))

func rejectsBatch(fs int32, rs []*RowError) arrow.RecordBatch {
	return batchOf(rejectsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		r := rs[i]
		seq(b, fs)
		b.Field(1).(*array.Int64Builder).Append(int64(r.Row))
		nullStr(b, 2, r.Column)
		strs(b, 3).Append(r.Kind)
		strs(b, 4).Append(r.Err.Error())
	})
}

var fileStallsSchema = schema(fileSeq, field("market_id", str), field("stall_id", str))

func fileStallsBatch(fs int32, rs [][2]string) arrow.RecordBatch {
	return batchOf(fileStallsSchema, len(rs), func(b *array.RecordBuilder, i int) {
		seq(b, fs)
		strs(b, 1).Append(rs[i][0])
		strs(b, 2).Append(rs[i][1])
	})
}

// incoming_files: the files of a batch, what the merges join their rows with.
var filesSchema = schema(fileSeq, field("file_sha256", str), field("as_of", tsType))

func filesBatch(files []*Prepared) arrow.RecordBatch {
	return batchOf(filesSchema, len(files), func(b *array.RecordBuilder, i int) {
		f := files[i]
		seq(b, f.seq)
		strs(b, 1).Append(f.res.SHA256)
		nullTS(b, 2, f.asOf)
	})
}

// The ledger lines of a batch, in ingest_files' column order.
var ledgerSchema = schema(field("file_sha256", str), field("path", str), field("source", str), field("market_id", str),
	field("rows_read", i64), field("rows_loaded", i64), field("rows_duplicate", i64), field("rows_rejected", i64),
	field("rows_updated", i64), field("period_from", dateType), field("period_to", dateType), field("as_of", tsType),
	field("ingested_at", tsType), field("size_bytes", i64), field("modified_at", tsType))

func ledgerBatch(files []*Prepared, at time.Time) arrow.RecordBatch {
	return batchOf(ledgerSchema, len(files), func(b *array.RecordBuilder, i int) {
		f := files[i]
		r := &f.res
		strs(b, 0).Append(r.SHA256)
		strs(b, 1).Append(f.ledgerPath)
		strs(b, 2).Append(r.Source)
		nullStr(b, 3, f.market)
		for j, n := range []int{r.Read, r.Loaded, r.Duplicate, r.Rejected, r.Updated} {
			b.Field(4 + j).(*array.Int64Builder).Append(int64(n))
		}
		nullDate(b, 9, f.from)
		nullDate(b, 10, f.to)
		nullTS(b, 11, f.asOf)
		ts(b, 12, at)
		b.Field(13).(*array.Int64Builder).Append(f.size)
		ts(b, 14, f.modified)
	})
}
