;; The inner loops of the linear models in WebAssembly SIMD (two f64 lanes).
;; Compiled by `npm run build:simd` into module.ts; see index.ts for the
;; JavaScript side. Every pointer is a byte offset into the memory, every
;; value an f64; matrices are row-major with `p` values per row.
(module
  (memory (export "memory") 1)

  ;; out[i*k + c] = bias[c] + sum_j x[i*p + j] * w[c*p + j]
  ;; for rows i < rows (a multiple of 4) and classes c < k. When k is odd, w
  ;; has one more row (any finite values). Four rows by two classes at a
  ;; time, two features per vector: six loads feed sixteen products.
  (func (export "classScores")
    (param $x i32) (param $p i32) (param $rows i32)
    (param $w i32) (param $k i32) (param $bias i32) (param $out i32)
    (local $rb i32) (local $rb2 i32) (local $rb3 i32) (local $ob i32)
    (local $i i32) (local $c i32) (local $j i32) (local $pEven i32)
    (local $xa i32) (local $wa i32) (local $o i32) (local $b0 f64) (local $b1 f64)
    (local $w0 v128) (local $w1 v128) (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $rb (i32.shl (local.get $p) (i32.const 3)))
    (local.set $rb2 (i32.shl (local.get $rb) (i32.const 1)))
    (local.set $rb3 (i32.add (local.get $rb2) (local.get $rb)))
    (local.set $ob (i32.shl (local.get $k) (i32.const 3)))
    (local.set $pEven (i32.and (local.get $p) (i32.const -2)))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $classesDone (loop $classLoop
        (br_if $classesDone (i32.ge_u (local.get $c) (local.get $k)))
        (local.set $s00 (v128.const i64x2 0 0)) (local.set $s01 (v128.const i64x2 0 0))
        (local.set $s10 (v128.const i64x2 0 0)) (local.set $s11 (v128.const i64x2 0 0))
        (local.set $s20 (v128.const i64x2 0 0)) (local.set $s21 (v128.const i64x2 0 0))
        (local.set $s30 (v128.const i64x2 0 0)) (local.set $s31 (v128.const i64x2 0 0))
        (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
        (local.set $wa (i32.add (local.get $w) (i32.mul (local.get $c) (local.get $rb))))
        (local.set $j (i32.const 0))
        (block $pairsDone (loop $pairLoop
          (br_if $pairsDone (i32.ge_u (local.get $j) (local.get $pEven)))
          (local.set $w0 (v128.load (local.get $wa)))
          (local.set $w1 (v128.load (i32.add (local.get $wa) (local.get $rb))))
          (local.set $x0 (v128.load (local.get $xa)))
          (local.set $x1 (v128.load (i32.add (local.get $xa) (local.get $rb))))
          (local.set $x2 (v128.load (i32.add (local.get $xa) (local.get $rb2))))
          (local.set $x3 (v128.load (i32.add (local.get $xa) (local.get $rb3))))
          (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $w0))))
          (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x0) (local.get $w1))))
          (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $w0))))
          (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x1) (local.get $w1))))
          (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x2) (local.get $w0))))
          (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x2) (local.get $w1))))
          (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x3) (local.get $w0))))
          (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x3) (local.get $w1))))
          (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
          (local.set $wa (i32.add (local.get $wa) (i32.const 16)))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $pairLoop)))
        ;; An odd last feature: lane 1 of every load is zero.
        (if (i32.lt_u (local.get $j) (local.get $p)) (then
          (local.set $w0 (v128.load64_zero (local.get $wa)))
          (local.set $w1 (v128.load64_zero (i32.add (local.get $wa) (local.get $rb))))
          (local.set $x0 (v128.load64_zero (local.get $xa)))
          (local.set $x1 (v128.load64_zero (i32.add (local.get $xa) (local.get $rb))))
          (local.set $x2 (v128.load64_zero (i32.add (local.get $xa) (local.get $rb2))))
          (local.set $x3 (v128.load64_zero (i32.add (local.get $xa) (local.get $rb3))))
          (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $w0))))
          (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x0) (local.get $w1))))
          (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $w0))))
          (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x1) (local.get $w1))))
          (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x2) (local.get $w0))))
          (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x2) (local.get $w1))))
          (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x3) (local.get $w0))))
          (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x3) (local.get $w1))))))
        ;; Bias plus both lanes, class c then (when there is one) class c + 1.
        (local.set $o (i32.add (local.get $out)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $c)) (i32.const 3))))
        (local.set $b0 (f64.load (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 3)))))
        (f64.store (local.get $o) (call $laneSum (local.get $b0) (local.get $s00)))
        (f64.store (i32.add (local.get $o) (local.get $ob)) (call $laneSum (local.get $b0) (local.get $s10)))
        (f64.store (i32.add (local.get $o) (i32.shl (local.get $ob) (i32.const 1)))
          (call $laneSum (local.get $b0) (local.get $s20)))
        (f64.store (i32.add (local.get $o) (i32.mul (local.get $ob) (i32.const 3)))
          (call $laneSum (local.get $b0) (local.get $s30)))
        (if (i32.lt_u (i32.add (local.get $c) (i32.const 1)) (local.get $k)) (then
          (local.set $b1 (f64.load offset=8 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 3)))))
          (f64.store offset=8 (local.get $o) (call $laneSum (local.get $b1) (local.get $s01)))
          (f64.store offset=8 (i32.add (local.get $o) (local.get $ob)) (call $laneSum (local.get $b1) (local.get $s11)))
          (f64.store offset=8 (i32.add (local.get $o) (i32.shl (local.get $ob) (i32.const 1)))
            (call $laneSum (local.get $b1) (local.get $s21)))
          (f64.store offset=8 (i32.add (local.get $o) (i32.mul (local.get $ob) (i32.const 3)))
            (call $laneSum (local.get $b1) (local.get $s31)))))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))
        (br $classLoop)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $rowLoop)))
  )

;; out[i] = bias + sum_j x[i*p + j] * w[j] for rows i < rows (a multiple
  ;; of 4): classScores for one weight vector. Four rows at a time, two
  ;; features per vector: five loads feed eight products.
  (func (export "rowScores")
    (param $x i32) (param $p i32) (param $rows i32) (param $w i32) (param $bias f64) (param $out i32)
    (local $rb i32) (local $rb2 i32) (local $rb3 i32)
    (local $i i32) (local $j i32) (local $pEven i32) (local $xa i32) (local $wa i32) (local $o i32)
    (local $v v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $rb (i32.shl (local.get $p) (i32.const 3)))
    (local.set $rb2 (i32.shl (local.get $rb) (i32.const 1)))
    (local.set $rb3 (i32.add (local.get $rb2) (local.get $rb)))
    (local.set $pEven (i32.and (local.get $p) (i32.const -2)))
    (local.set $o (local.get $out))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $s0 (v128.const i64x2 0 0)) (local.set $s1 (v128.const i64x2 0 0))
      (local.set $s2 (v128.const i64x2 0 0)) (local.set $s3 (v128.const i64x2 0 0))
      (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
      (local.set $wa (local.get $w))
      (local.set $j (i32.const 0))
      (block $pairsDone (loop $pairLoop
        (br_if $pairsDone (i32.ge_u (local.get $j) (local.get $pEven)))
        (local.set $v (v128.load (local.get $wa)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load (local.get $xa)) (local.get $v))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load (i32.add (local.get $xa) (local.get $rb))) (local.get $v))))
        (local.set $s2 (f64x2.add (local.get $s2)
          (f64x2.mul (v128.load (i32.add (local.get $xa) (local.get $rb2))) (local.get $v))))
        (local.set $s3 (f64x2.add (local.get $s3)
          (f64x2.mul (v128.load (i32.add (local.get $xa) (local.get $rb3))) (local.get $v))))
        (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
        (local.set $wa (i32.add (local.get $wa) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairLoop)))
      ;; An odd last feature: lane 1 of the weight is zero.
      (if (i32.lt_u (local.get $j) (local.get $p)) (then
        (local.set $v (v128.load64_zero (local.get $wa)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load64_zero (local.get $xa)) (local.get $v))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load64_zero (i32.add (local.get $xa) (local.get $rb))) (local.get $v))))
        (local.set $s2 (f64x2.add (local.get $s2)
          (f64x2.mul (v128.load64_zero (i32.add (local.get $xa) (local.get $rb2))) (local.get $v))))
        (local.set $s3 (f64x2.add (local.get $s3)
          (f64x2.mul (v128.load64_zero (i32.add (local.get $xa) (local.get $rb3))) (local.get $v))))))
      (f64.store (local.get $o) (call $laneSum (local.get $bias) (local.get $s0)))
      (f64.store offset=8 (local.get $o) (call $laneSum (local.get $bias) (local.get $s1)))
      (f64.store offset=16 (local.get $o) (call $laneSum (local.get $bias) (local.get $s2)))
      (f64.store offset=24 (local.get $o) (call $laneSum (local.get $bias) (local.get $s3)))
      (local.set $o (i32.add (local.get $o) (i32.const 32)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $rowLoop)))
  )

  ;; b + both lanes of s.
  (func $laneSum (param $b f64) (param $s v128) (result f64)
    (f64.add (local.get $b)
      (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s)))))

  ;; g[c*p + j] += sum_i r[i*k + c] * x[i*p + j] (the transposed product X'R,
  ;; as in a gradient) for rows i < rows (a multiple of 4), classes c < k.
  ;; Four rows at a time: one load and store of g per eight products.
  (func (export "addRowsScaled")
    (param $x i32) (param $p i32) (param $rows i32)
    (param $r i32) (param $k i32) (param $g i32)
    (local $rb i32) (local $rb2 i32) (local $rb3 i32) (local $kb i32) (local $kb2 i32) (local $kb3 i32)
    (local $i i32) (local $c i32) (local $j i32) (local $pEven i32)
    (local $xa i32) (local $ga i32) (local $ra i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local.set $rb (i32.shl (local.get $p) (i32.const 3)))
    (local.set $rb2 (i32.shl (local.get $rb) (i32.const 1)))
    (local.set $rb3 (i32.add (local.get $rb2) (local.get $rb)))
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $kb2 (i32.shl (local.get $kb) (i32.const 1)))
    (local.set $kb3 (i32.add (local.get $kb2) (local.get $kb)))
    (local.set $pEven (i32.and (local.get $p) (i32.const -2)))
    (block $classesDone (loop $classLoop
      (br_if $classesDone (i32.ge_u (local.get $c) (local.get $k)))
      (local.set $i (i32.const 0))
      (block $rowsDone (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $ra (i32.add (local.get $r)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $c)) (i32.const 3))))
        (local.set $r0 (v128.load64_splat (local.get $ra)))
        (local.set $r1 (v128.load64_splat (i32.add (local.get $ra) (local.get $kb))))
        (local.set $r2 (v128.load64_splat (i32.add (local.get $ra) (local.get $kb2))))
        (local.set $r3 (v128.load64_splat (i32.add (local.get $ra) (local.get $kb3))))
        (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
        (local.set $ga (i32.add (local.get $g) (i32.mul (local.get $c) (local.get $rb))))
        (local.set $j (i32.const 0))
        (block $pairsDone (loop $pairLoop
          (br_if $pairsDone (i32.ge_u (local.get $j) (local.get $pEven)))
          (v128.store (local.get $ga) (f64x2.add (v128.load (local.get $ga))
            (f64x2.add
              (f64x2.add
                (f64x2.mul (v128.load (local.get $xa)) (local.get $r0))
                (f64x2.mul (v128.load (i32.add (local.get $xa) (local.get $rb))) (local.get $r1)))
              (f64x2.add
                (f64x2.mul (v128.load (i32.add (local.get $xa) (local.get $rb2)))
                  (local.get $r2))
                (f64x2.mul (v128.load (i32.add (local.get $xa) (local.get $rb3)))
                  (local.get $r3))))))
          (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
          (local.set $ga (i32.add (local.get $ga) (i32.const 16)))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $pairLoop)))
        ;; An odd last feature, in lane 0 alone.
        (if (i32.lt_u (local.get $j) (local.get $p)) (then
          (f64.store (local.get $ga) (f64.add (f64.load (local.get $ga))
            (f64x2.extract_lane 0
              (f64x2.add
                (f64x2.add
                  (f64x2.mul (v128.load64_zero (local.get $xa)) (local.get $r0))
                  (f64x2.mul (v128.load64_zero (i32.add (local.get $xa) (local.get $rb))) (local.get $r1)))
                (f64x2.add
                  (f64x2.mul (v128.load64_zero (i32.add (local.get $xa) (local.get $rb2)))
                    (local.get $r2))
                  (f64x2.mul (v128.load64_zero (i32.add (local.get $xa) (local.get $rb3)))
                    (local.get $r3)))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rowLoop)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $classLoop)))
  )

  ;; x[i*p + j] -= m[j] for rows i < rows.
  (func (export "subtractRows")
    (param $x i32) (param $p i32) (param $rows i32) (param $m i32)
    (local $xa i32) (local $end i32) (local $j i32) (local $pEven i32)
    (local.set $pEven (i32.and (local.get $p) (i32.const -2)))
    (local.set $xa (local.get $x))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.mul (local.get $rows) (local.get $p)) (i32.const 3))))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $xa) (local.get $end)))
      (local.set $j (i32.const 0))
      (block $pairsDone (loop $pairLoop
        (br_if $pairsDone (i32.ge_u (local.get $j) (local.get $pEven)))
        (v128.store (local.get $xa) (f64x2.sub (v128.load (local.get $xa))
          (v128.load (i32.add (local.get $m) (i32.shl (local.get $j) (i32.const 3))))))
        (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairLoop)))
      (if (i32.lt_u (local.get $j) (local.get $p)) (then
        (f64.store (local.get $xa) (f64.sub (f64.load (local.get $xa))
          (f64.load (i32.add (local.get $m) (i32.shl (local.get $j) (i32.const 3))))))
        (local.set $xa (i32.add (local.get $xa) (i32.const 8)))))
      (br $rowLoop)))
  )

  ;; The lower triangle (in 4 x 4 tiles) of g += X'X, g being q x q with q
  ;; a multiple of 4 and at least p: g[b*q + a] for a <= b < p. Entries in
  ;; a column or row at or past p are left with meaningless values, as the
  ;; tiles read on past a row's end (the caller leaves 3 values of room
  ;; after the last row). One row at a time: two vector loads of columns
  ;; a..a+3 and four splats of columns b..b+3 feed sixteen products.
  (func (export "gram")
    (param $x i32) (param $p i32) (param $rows i32) (param $g i32) (param $q i32)
    (local $rb i32) (local $a i32) (local $b i32) (local $xa i32) (local $end i32) (local $ga i32)
    (local $u0 v128) (local $u1 v128) (local $v v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $rb (i32.shl (local.get $p) (i32.const 3)))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $rows) (local.get $rb))))
    (block $aDone (loop $aLoop
      (br_if $aDone (i32.ge_u (local.get $a) (local.get $p)))
      (local.set $b (local.get $a))
      (block $bDone (loop $bLoop
        (br_if $bDone (i32.ge_u (local.get $b) (local.get $p)))
        (local.set $s00 (v128.const i64x2 0 0)) (local.set $s01 (v128.const i64x2 0 0))
        (local.set $s10 (v128.const i64x2 0 0)) (local.set $s11 (v128.const i64x2 0 0))
        (local.set $s20 (v128.const i64x2 0 0)) (local.set $s21 (v128.const i64x2 0 0))
        (local.set $s30 (v128.const i64x2 0 0)) (local.set $s31 (v128.const i64x2 0 0))
        (local.set $xa (local.get $x))
        (block $rowsDone (loop $rowLoop
          (br_if $rowsDone (i32.ge_u (local.get $xa) (local.get $end)))
          (local.set $u0 (v128.load (i32.add (local.get $xa) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $u1 (v128.load offset=16 (i32.add (local.get $xa) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $v (v128.load64_splat (i32.add (local.get $xa) (i32.shl (local.get $b) (i32.const 3)))))
          (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $u0) (local.get $v))))
          (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $u1) (local.get $v))))
          (local.set $v (v128.load64_splat offset=8 (i32.add (local.get $xa) (i32.shl (local.get $b) (i32.const 3)))))
          (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $u0) (local.get $v))))
          (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $u1) (local.get $v))))
          (local.set $v (v128.load64_splat offset=16 (i32.add (local.get $xa) (i32.shl (local.get $b) (i32.const 3)))))
          (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $u0) (local.get $v))))
          (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $u1) (local.get $v))))
          (local.set $v (v128.load64_splat offset=24 (i32.add (local.get $xa) (i32.shl (local.get $b) (i32.const 3)))))
          (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $u0) (local.get $v))))
          (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $u1) (local.get $v))))
          (local.set $xa (i32.add (local.get $xa) (local.get $rb)))
          (br $rowLoop)))
        ;; Row b + t of g, columns a..a+3, gets s_t0 and s_t1.
        (local.set $ga (i32.add (local.get $g)
          (i32.shl (i32.add (i32.mul (local.get $b) (local.get $q)) (local.get $a)) (i32.const 3))))
        (call $addPair (local.get $ga) (local.get $s00) (local.get $s01))
        (local.set $ga (i32.add (local.get $ga) (i32.shl (local.get $q) (i32.const 3))))
        (call $addPair (local.get $ga) (local.get $s10) (local.get $s11))
        (local.set $ga (i32.add (local.get $ga) (i32.shl (local.get $q) (i32.const 3))))
        (call $addPair (local.get $ga) (local.get $s20) (local.get $s21))
        (local.set $ga (i32.add (local.get $ga) (i32.shl (local.get $q) (i32.const 3))))
        (call $addPair (local.get $ga) (local.get $s30) (local.get $s31))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $bLoop)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (br $aLoop)))
  )

  ;; The four values at address `at` += lanes of s0 then s1.
  (func $addPair (param $at i32) (param $s0 v128) (param $s1 v128)
    (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (local.get $s0)))
    (v128.store offset=16 (local.get $at) (f64x2.add (v128.load offset=16 (local.get $at)) (local.get $s1))))
)
