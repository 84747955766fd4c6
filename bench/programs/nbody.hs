-- Double-heavy Prelude program: the n-body simulation (five planets, leapfrog steps) on lists
-- of records, a trapezoidal integral and a series, with the results printed through show.
module Main (main) where

import Data.List (foldl')

data Body = Body !Double !Double !Double !Double !Double !Double !Double

solarMass, daysPerYear :: Double
solarMass = 4 * pi * pi
daysPerYear = 365.24

planets :: [Body]
planets =
  [ Body 0 0 0 0 0 0 solarMass
  , Body 4.84143144246472090e+00 (-1.16032004402742839e+00) (-1.03622044471123109e-01)
         (1.66007664274403694e-03 * daysPerYear) (7.69901118419740425e-03 * daysPerYear)
         (-6.90460016972063023e-05 * daysPerYear) (9.54791938424326609e-04 * solarMass)
  , Body 8.34336671824457987e+00 4.12479856412430479e+00 (-4.03523417114321381e-01)
         (-2.76742510726862411e-03 * daysPerYear) (4.99852801234917238e-03 * daysPerYear)
         (2.30417297573763929e-05 * daysPerYear) (2.85885980666130812e-04 * solarMass)
  , Body 1.28943695621391310e+01 (-1.51111514016986312e+01) (-2.23307578892655734e-01)
         (2.96460137564761618e-03 * daysPerYear) (2.37847173959480950e-03 * daysPerYear)
         (-2.96589568540237556e-05 * daysPerYear) (4.36624404335156298e-05 * solarMass)
  , Body 1.53796971148509165e+01 (-2.59193146099879641e+01) 1.79258772950371181e-01
         (2.68067772490389322e-03 * daysPerYear) (1.62824170038242295e-03 * daysPerYear)
         (-9.51592254519715870e-05 * daysPerYear) (5.15138902046611451e-05 * solarMass)
  ]

offset :: [Body] -> [Body]
offset bs = case bs of
  Body x y z _ _ _ m : rest -> Body x y z (-px / solarMass) (-py / solarMass) (-pz / solarMass) m : rest
  [] -> []
  where
    px = sum [vx * m | Body _ _ _ vx _ _ m <- bs]
    py = sum [vy * m | Body _ _ _ _ vy _ m <- bs]
    pz = sum [vz * m | Body _ _ _ _ _ vz m <- bs]

energy :: [Body] -> Double
energy bs = go bs 0
  where
    go [] e = e
    go (b@(Body _ _ _ vx vy vz m) : rest) e =
      go rest (e + 0.5 * m * (vx * vx + vy * vy + vz * vz) - sum (map (pot b) rest))
    pot (Body x1 y1 z1 _ _ _ m1) (Body x2 y2 z2 _ _ _ m2) =
      let dx = x1 - x2; dy = y1 - y2; dz = z1 - z2 in m1 * m2 / sqrt (dx * dx + dy * dy + dz * dz)

advance :: Double -> [Body] -> [Body]
advance dt bs = map move (map accel bs)
  where
    accel b@(Body x y z vx vy vz m) = foldl' pull (Body x y z vx vy vz m) bs
      where
        pull acc@(Body ax ay az avx avy avz am) (Body x2 y2 z2 _ _ _ m2)
          | x2 == x && y2 == y && z2 == z = acc
          | otherwise =
              let dx = x - x2; dy = y - y2; dz = z - z2
                  d2 = dx * dx + dy * dy + dz * dz
                  mag = dt / (d2 * sqrt d2)
              in Body ax ay az (avx - dx * m2 * mag) (avy - dy * m2 * mag) (avz - dz * m2 * mag) am
        _ = b
    move (Body x y z vx vy vz m) = Body (x + dt * vx) (y + dt * vy) (z + dt * vz) vx vy vz m

steps :: Int -> [Body] -> [Body]
steps 0 bs = bs
steps n bs = let bs' = advance 0.01 bs in energy' bs' `seq` steps (n - 1) bs'
  where energy' (Body x _ _ _ _ _ _ : _) = x
        energy' [] = 0

trapezoid :: (Double -> Double) -> Double -> Double -> Int -> Double
trapezoid f a b n = h * (0.5 * f a + 0.5 * f b + foldl' (\s i -> s + f (a + h * fromIntegral i)) 0 [1 .. n - 1])
  where h = (b - a) / fromIntegral n

main :: IO ()
main = do
  let start = offset planets
  print (energy start)
  let end = steps 1000000 start
  print (energy end)
  print [x | Body x _ _ _ _ _ _ <- end]
  print (trapezoid (\x -> exp (-x * x)) 0 3 2000000, trapezoid sin 0 pi 2000000)
  print (sum [1 / fromIntegral (k * k) | k <- [1 .. 3000000 :: Int]] :: Double)
  print (map (\k -> sqrt (fromIntegral k) :: Double) [1 .. 8 :: Int], 1 / 3 :: Double, 1.0e-300 * 1.0e-10 :: Double)
