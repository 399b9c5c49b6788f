const BIKES = [
  { name: 'Trail 29', price: '€1,490', text: 'A hardtail for forest tracks and long weekends.' },
  { name: 'City Glide', price: '€890', text: 'Upright, light, with hub gears and a basket mount.' },
  { name: 'Gravel One', price: '€1,990', text: 'Drop bars, wide tyres, made for any road.' },
];

/** The fake business the widget is embedded in. */
export function Shop() {
  return (
    <main className="shop">
      <header className="hero">
        <h1>Northwind Bikes</h1>
        <p>Bikes for every road since 1987. Questions about an order or a repair? Chat with us.</p>
      </header>
      <section aria-labelledby="bikes-title">
        <h2 id="bikes-title">This season</h2>
        <ul className="bikes">
          {BIKES.map((b) => (
            <li key={b.name}>
              <h3>{b.name}</h3>
              <p>{b.text}</p>
              <p className="price">{b.price}</p>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
