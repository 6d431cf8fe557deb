-- 002_ingest: Smart Store settlements and the count of rows a public file
-- holds about other places.

-- Smart Store 건별 정산내역, one row per settlement line. Used to reconcile
-- the order exports with what Naver pays out. A line whose stall is not yet
-- known (its order export is not loaded and the settlement export has no
-- 상품번호) has NULL market and stall until that order export is loaded.
CREATE TABLE settlements (
    market_id         VARCHAR,
    stall_id          VARCHAR,
    product_order_key VARCHAR NOT NULL,  -- 상품주문번호 (주문번호 for a 배송비 line without one)
    settle_kind       VARCHAR NOT NULL,  -- 구분: 상품주문, 배송비, …
    settle_status     VARCHAR NOT NULL,  -- 정산상태: 일반정산, 빠른정산, 빠른정산 회수, 정산후 취소, 정산전 취소
    settle_date       DATE NOT NULL,     -- 정산완료일, else 정산예정일, else 정산기준일
    base_krw          BIGINT NOT NULL,   -- 정산기준금액; negative on 회수 and 취소 lines
    fee_krw           BIGINT NOT NULL,   -- 수수료합계, else 네이버페이 주문관리 수수료 + 매출연동 수수료
    expected_krw      BIGINT NOT NULL,   -- 정산예정금액
    file_sha256       VARCHAR NOT NULL,  -- the export that set the line's current values
    as_of             TIMESTAMP NOT NULL -- when that export was taken; the newest wins
);

-- Rows of a city-wide public file (S-DoT) about sensors not in market.yaml:
-- not the workspace's data, so not in ingest_files.rows_read, but counted here.
CREATE TABLE ingest_ignored (
    file_sha256  VARCHAR NOT NULL,
    rows_ignored BIGINT NOT NULL,
    reason       VARCHAR NOT NULL
);
