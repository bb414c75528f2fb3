# Median and p99 latency of one page-aligned request against segment
# size, one PNG per layout, one line per strategy.
#   gnuplot -e "data='DIR/plot_far_n64.tsv'; out='bench/plots/far_n64.png'; layout='far'; req='64'" bench/plot.gp
set terminal pngcairo size 1100,420 font ",10"
set output out
set logscale xy
set xlabel "segment size (pages)"
set ylabel "ns per search"
set key top left
set grid
set xtics ("64 Ki" 65536, "1 Mi" 1048576, "4 Mi" 4194304)
set multiplot layout 1,2 title sprintf("%s layout, %s-page request: median (Google Benchmark) and p99 (bench\\_latency)", layout, req)
set title "median"
plot data using 1:2 with linespoints title "faithful", \
     data using 1:4 with linespoints title "fixed", \
     data using 1:6 with linespoints title "bitmap", \
     data using 1:8 with linespoints title "fast"
set title "p99"
plot data using 1:3 with linespoints title "faithful", \
     data using 1:5 with linespoints title "fixed", \
     data using 1:7 with linespoints title "bitmap", \
     data using 1:9 with linespoints title "fast"
unset multiplot
